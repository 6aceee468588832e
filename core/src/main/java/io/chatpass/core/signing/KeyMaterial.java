package io.chatpass.core.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A new key pair for one algorithm: the public JWK (kid = its RFC 7638 thumbprint, use sig, alg, x5c with a
 * self-signed certificate, as Salesforce requires of uploaded keys) and the private key as PKCS#8 bytes.
 */
public record KeyMaterial(JWK publicJwk, byte[] privatePkcs8) {
    /** How long the self-signed certificate is valid; verifiers that check it see a date far past any rotation. */
    public static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(5 * 365);

    public String kid() {
        return publicJwk.getKeyID();
    }

    @Override
    public String toString() {
        return "KeyMaterial[kid=" + kid() + "]";
    }

    /**
     * @param rsaBits 2048 or 3072 for an RSA algorithm (ignored for ES256)
     * @throws IllegalArgumentException an RSA size other than those in {@link SigningAlgorithm#RSA_BITS}
     */
    public static KeyMaterial generate(SigningAlgorithm alg, int rsaBits, Instant now) {
        try {
            JWK pair;
            if (alg.rsa()) {
                if (rsaBits != 2048 && rsaBits != 3072) throw new IllegalArgumentException("RSA keys are 2048 or 3072 bits, not " + rsaBits);
                pair = new RSAKeyGenerator(rsaBits).keyUse(KeyUse.SIGNATURE).algorithm(alg.jws()).keyIDFromThumbprint(true).generate();
            } else {
                pair = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(alg.jws()).keyIDFromThumbprint(true).generate();
            }
            PublicKey pub = alg.rsa() ? pair.toRSAKey().toPublicKey() : pair.toECKey().toPublicKey();
            PrivateKey priv = alg.rsa() ? pair.toRSAKey().toPrivateKey() : pair.toECKey().toPrivateKey();
            X509Certificate cert = selfSigned(alg, pair.getKeyID(), pub, priv, now);
            List<Base64> chain = List.of(Base64.encode(cert.getEncoded()));
            JWK pubJwk = alg.rsa()
                    ? new RSAKey.Builder(pair.toRSAKey().toPublicJWK()).x509CertChain(chain).build()
                    : new ECKey.Builder(pair.toECKey().toPublicJWK()).x509CertChain(chain).build();
            return new KeyMaterial(pubJwk, priv.getEncoded());
        } catch (JOSEException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("could not generate a " + alg + " key", e);
        }
    }

    /** The private key back from its PKCS#8 bytes. */
    public static PrivateKey privateKey(SigningAlgorithm alg, byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(alg.rsa() ? "RSA" : "EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("stored " + alg + " private key does not parse", e);
        }
    }

    private static X509Certificate selfSigned(SigningAlgorithm alg, String kid, PublicKey pub, PrivateKey priv, Instant now)
            throws java.security.GeneralSecurityException {
        try {
            X500Name subject = new X500Name("CN=Chatpass signing key " + kid);
            Instant from = now.minus(Duration.ofMinutes(5)); // a verifier's clock slightly behind still accepts it
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(from), Date.from(now.plus(CERTIFICATE_VALIDITY)), subject, pub);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            ContentSigner signer = new JcaContentSignerBuilder(alg.certificateSignature()).build(priv);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.cert.CertIOException e) {
            throw new java.security.GeneralSecurityException("certificate", e);
        }
    }
}
