package io.chatpass.server.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.chatpass.core.LogSafe;

/**
 * {@code %safeEx}: stack traces as usual, but each exception's message (which may quote untrusted input) has its
 * control characters escaped, so a message cannot forge lines between the frames.
 */
public final class SafeThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return super.throwableProxyToString(new Safe(tp));
    }

    private record Safe(IThrowableProxy p) implements IThrowableProxy {
        @Override
        public String getMessage() {
            return LogSafe.clean(p.getMessage());
        }

        @Override
        public String getClassName() {
            return p.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return p.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return p.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return p.getCause() == null ? null : new Safe(p.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] s = p.getSuppressed();
            if (s == null) return null;
            IThrowableProxy[] out = new IThrowableProxy[s.length];
            for (int i = 0; i < s.length; i++) out[i] = new Safe(s[i]);
            return out;
        }

        @Override
        public boolean isCyclic() {
            return p.isCyclic();
        }
    }
}
