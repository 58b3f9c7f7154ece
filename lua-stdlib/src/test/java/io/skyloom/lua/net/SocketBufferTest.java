package io.skyloom.lua.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaString;

class SocketBufferTest {

    static LuaString s(String v) {
        return LuaString.valueOf(v);
    }

    @Test
    void aLineCutAcrossPiecesIsFoundWithAMultiByteSeparator() {
        SocketBuffer b = new SocketBuffer();
        b.push(s("ab\r"));
        assertThat(b.hasLine(s("\r\n"))).isFalse();
        assertThat(b.readline(s("\r\n"))).isNull();
        b.push(s("\ncd"));
        assertThat(b.hasLine(s("\r\n"))).isTrue();
        assertThat(b.readline(s("\r\n")).tojstring()).isEqualTo("ab");
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.readall().tojstring()).isEqualTo("cd");
        assertThat(b.size()).isZero();
    }

    @Test
    void popTakesExactlyTheSizeOrNothingAndGrowsPastItsFirstArray() {
        SocketBuffer b = new SocketBuffer();
        String big = "x".repeat(10_000);
        b.push(s("12"));
        assertThat(b.pop(3)).isNull();
        b.push(s(big));
        assertThat(b.pop(3).tojstring()).isEqualTo("12x");
        assertThat(b.size()).isEqualTo(9_999);
        assertThat(b.pop(9_999).tojstring()).isEqualTo(big.substring(1));
        assertThat(b.pop(0).tojstring()).isEmpty();
    }

    @Test
    void bytesOutsideAsciiComeBackUnchanged() {
        SocketBuffer b = new SocketBuffer();
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        b.push(LuaString.valueOf(all));
        LuaString back = b.pop(256);
        byte[] got = new byte[256];
        back.copyInto(0, got, 0, 256);
        assertThat(got).isEqualTo(all);
    }
}
