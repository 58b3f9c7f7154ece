package io.skyloom.lua.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.luaj.vm2.LuaError;

/**
 * ltls's SSL_CTX on the JDK's TLS: a server's certificate chain and key (PEM), a client's
 * trusted certificates (PEM; the JDK's own when none are given). The SSLContext is made
 * when the first session needs it, after the configuration. Owned by one service.
 */
final class TlsContext {

    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----([^-]+)-----END");
    private static final char[] NO_PASSWORD = new char[0];

    private List<Certificate> chain;
    private PrivateKey key;
    private List<Certificate> trusted;
    private SSLContext context;

    void setCert(String certPem, String keyPem) {
        List<Certificate> c = certificates(certPem, "certfile");
        if (c.isEmpty()) throw new LuaError("set_cert: the certfile holds no certificate");
        chain = c;
        key = privateKey(keyPem);
        context = null;
    }

    void setTrusted(String pem) {
        List<Certificate> c = certificates(pem, "cafile");
        if (c.isEmpty()) throw new LuaError("set_ca: the cafile holds no certificate");
        trusted = c;
        context = null;
    }

    /**
     * A client session, which checks the server's chain and that the certificate names
     * {@code host} (a name, with SNI, or an address); or a server one.
     */
    SSLEngine engine(boolean client, String host) {
        SSLEngine e;
        // A client that names no host could be answered by any certificate the roots
        // trust: refuse, rather than check only half (skynet's ltls checks nothing).
        if (client && (host == null || host.isEmpty()))
            throw new LuaError("newtls: a client needs the server's host name, to check the certificate names it");
        if (client) {
            e = context().createSSLEngine(host, 443);
            SSLParameters p = e.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            e.setSSLParameters(p);
        } else {
            e = context().createSSLEngine();
        }
        if (!client && chain == null) throw new LuaError("newtls: a server context needs set_cert(certfile, keyfile) first");
        e.setUseClientMode(client);
        return e;
    }

    private SSLContext context() {
        if (context != null) return context;
        try {
            KeyManagerFactory kmf = null;
            if (chain != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("key", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, NO_PASSWORD);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trusted != null) {
                KeyStore ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                for (int i = 0; i < trusted.size(); i++) ts.setCertificateEntry("ca" + i, trusted.get(i));
                tmf.init(ts);
            } else {
                tmf.init((KeyStore) null);      // the JDK's trusted roots
            }
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            context = c;
            return c;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new LuaError("tls context: " + e.getMessage());
        }
    }

    private static List<Certificate> certificates(String pem, String what) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            return new ArrayList<>(cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.ISO_8859_1))));
        } catch (GeneralSecurityException e) {
            throw new LuaError("the " + what + " is not a PEM certificate: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(String pem) {
        Matcher m = PRIVATE_KEY.matcher(pem);
        if (!m.find()) throw new LuaError("set_cert: the keyfile holds no PEM private key");
        if (!m.group(1).isEmpty())
            throw new LuaError("set_cert: the keyfile is a " + m.group(1).trim() + " key; give it as PKCS#8"
                    + " (openssl pkcs8 -topk8 -nocrypt -in key.pem -out key8.pem)");
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // next algorithm
            }
        }
        throw new LuaError("set_cert: the private key is not RSA, EC or Ed25519");
    }
}
