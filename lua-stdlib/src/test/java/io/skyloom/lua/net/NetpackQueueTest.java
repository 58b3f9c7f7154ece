package io.skyloom.lua.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetpackQueueTest {

    static byte[] packet(String body) {
        byte[] b = body.getBytes();
        byte[] out = new byte[b.length + 2];
        out[0] = (byte) (b.length >> 8);
        out[1] = (byte) b.length;
        System.arraycopy(b, 0, out, 2, b.length);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    @Test
    void packetsCutAnywhereEvenInsideTheLengthComeOutWhole() {
        NetpackQueue q = new NetpackQueue();
        byte[] all = concat(packet("one"), packet("x".repeat(300)), packet(""));
        int found = 0;
        for (byte b : all) found += q.push(7, new byte[] {b});
        assertThat(found).isEqualTo(3);
        assertThat(new String(q.pop().bytes())).isEqualTo("one");
        assertThat(q.pop().bytes()).hasSize(300);
        assertThat(q.pop().bytes()).isEmpty();
        assertThat(q.pop()).isNull();
    }

    @Test
    void eachConnectionKeepsItsOwnPartAndACloseDropsIt() {
        NetpackQueue q = new NetpackQueue();
        byte[] a = packet("from a"), b = packet("from b");
        assertThat(q.push(1, java.util.Arrays.copyOf(a, 3))).isZero();
        assertThat(q.push(2, java.util.Arrays.copyOf(b, 4))).isZero();
        assertThat(q.push(1, java.util.Arrays.copyOfRange(a, 3, a.length))).isEqualTo(1);
        NetpackQueue.Packet p = q.pop();
        assertThat(p.fd()).isEqualTo(1);
        assertThat(new String(p.bytes())).isEqualTo("from a");
        q.closed(2);
        assertThat(q.push(2, packet("fresh"))).isEqualTo(1);
        assertThat(new String(q.pop().bytes())).isEqualTo("fresh");
    }
}
