package io.chatpass.core;

/** The 64-bit string hash of the in-memory tables that hold no key objects (the token doorkeeper, {@code CompactUserTable}). */
public final class Hashing {
    private Hashing() {
    }

    /** FNV-1a over the chars, starting from {@code seed}, then MurmurHash3's 64-bit finaliser. */
    public static long hash64(long seed, CharSequence s) {
        long h = seed;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
