package io.torsion.api.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Just enough DER to turn the two traditional OpenSSL key formats (PKCS#1 RSA, SEC1 EC) into the
 * PKCS#8 the JDK's {@code KeyFactory} reads: read one element, write one element.
 */
final class Der {

    static final int SEQUENCE = 0x30;
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    /** The {@code [0] EXPLICIT} field of SEC1's ECPrivateKey, where the curve's name lives. */
    static final int CONTEXT_0 = 0xA0;

    /** rsaEncryption, 1.2.840.113549.1.1.1 (RFC 8017 appendix A.1). */
    static final byte[] RSA_ENCRYPTION = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01};
    /** id-ecPublicKey, 1.2.840.10045.2.1 (RFC 5480 section 2.1.1). */
    static final byte[] EC_PUBLIC_KEY = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};

    private Der() {
    }

    /** One element of a DER buffer: its tag, and where its contents start and end. */
    record Element(int tag, byte[] source, int start, int end) {

        byte[] contents() {
            return Arrays.copyOfRange(source, start, end);
        }

        /** The first element inside this one (a constructed element's contents). */
        Element firstChild() {
            return read(source, start, end);
        }

        /** The element following {@code previous} inside this one, or null at the end. */
        Element next(Element previous) {
            return previous.end < end ? read(source, previous.end, end) : null;
        }
    }

    /** Reads the element at {@code offset}; throws {@link IllegalArgumentException} on malformed input. */
    static Element read(byte[] der, int offset, int limit) {
        if (offset + 2 > limit) {
            throw new IllegalArgumentException("truncated DER element at offset " + offset);
        }
        int tag = der[offset] & 0xFF;
        int first = der[offset + 1] & 0xFF;
        int pos = offset + 2;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int bytes = first & 0x7F;
            if (bytes == 0 || bytes > 3 || pos + bytes > limit) {
                throw new IllegalArgumentException("unsupported DER length at offset " + offset);
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[pos++] & 0xFF);
            }
        }
        if (pos + length > limit) {
            throw new IllegalArgumentException("DER element at offset " + offset + " runs past the end");
        }
        return new Element(tag, der, pos, pos + length);
    }

    /** Encodes one element from its tag and already encoded contents. */
    static byte[] element(int tag, byte[]... contents) {
        int length = 0;
        for (byte[] part : contents) {
            length += part.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        for (byte[] part : contents) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A PKCS#8 PrivateKeyInfo (RFC 5208): version 0, the algorithm, and the key in its own format. */
    static byte[] pkcs8(byte[] algorithmOid, byte[] algorithmParameters, byte[] privateKey) {
        return element(SEQUENCE,
                element(INTEGER, new byte[] {0}),
                element(SEQUENCE, element(OID, algorithmOid), algorithmParameters),
                element(OCTET_STRING, privateKey));
    }
}
