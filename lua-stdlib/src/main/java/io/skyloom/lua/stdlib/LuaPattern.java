package io.skyloom.lua.stdlib;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * One match of a Lua 5.2 pattern against a subject string: the state of C Lua's
 * {@code MatchState} (captures, recursion budget), written over the bytes of LuaJ's
 * strings. Classes are C-locale ASCII ({@code %a} never matches a byte above 127), as
 * C Lua's are. Every {@link StopFlag#STEPS} matching steps it checks the service's stop
 * flag, so a killed service leaves an exponential backtrack. Owned by the one call that
 * made it.
 */
final class LuaPattern {

    static final int MAX_CAPTURES = 32;          // LUA_MAXCAPTURES
    private static final int MAX_DEPTH = 200;    // 5.2's MAXCCALLS: "pattern too complex" beyond
    private static final int CAP_UNFINISHED = -1;
    private static final int CAP_POSITION = -2;
    private static final byte ESC = '%';

    final byte[] s;          // the subject's bytes
    final int sInit;         // first byte of the subject
    final int sEnd;          // one past its last byte
    private final byte[] p;  // the pattern's bytes
    final int pEnd;          // one past the pattern's last byte
    private final StopFlag stop;

    int level;                                   // captures open or closed so far
    private int depth;
    private final int[] capInit = new int[MAX_CAPTURES];
    private final int[] capLen = new int[MAX_CAPTURES];
    private int steps;

    LuaPattern(LuaString subject, LuaString pattern, StopFlag stop) {
        this.s = subject.m_bytes;
        this.sInit = subject.m_offset;
        this.sEnd = subject.m_offset + subject.m_length;
        this.p = pattern.m_bytes;
        this.pEnd = pattern.m_offset + pattern.m_length;
        this.stop = stop;
    }

    /** Index of the pattern's first byte. */
    static int start(LuaString pattern) {
        return pattern.m_offset;
    }

    /** Tries the pattern from pattern index {@code pi} at subject index {@code si}; the match's end or -1. */
    int matchAt(int si, int pi) {
        level = 0;
        depth = MAX_DEPTH;
        return match(si, pi);
    }

    private void step() {
        if (++steps == StopFlag.STEPS) {
            steps = 0;
            stop.check();
        }
    }

    private int match(int si, int pi) {
        if (depth-- == 0) throw new LuaError("pattern too complex");
        try {
            while (true) {
                step();
                if (pi == pEnd) return si;
                switch (p[pi]) {
                    case '(':
                        if (pi + 1 < pEnd && p[pi + 1] == ')') return startCapture(si, pi + 2, CAP_POSITION);
                        return startCapture(si, pi + 1, CAP_UNFINISHED);
                    case ')':
                        return endCapture(si, pi + 1);
                    case '$':
                        if (pi + 1 == pEnd) return si == sEnd ? si : -1;
                        break;
                    case ESC:
                        if (pi + 1 < pEnd) {
                            byte next = p[pi + 1];
                            if (next == 'b') {
                                si = matchBalance(si, pi + 2);
                                if (si == -1) return -1;
                                pi += 4;
                                continue;
                            }
                            if (next == 'f') {
                                pi += 2;
                                if (pi >= pEnd || p[pi] != '[') throw new LuaError("missing '[' after '%f' in pattern");
                                int ep = classEnd(pi);
                                int prev = si == sInit ? 0 : s[si - 1] & 0xff;
                                int cur = si < sEnd ? s[si] & 0xff : 0;
                                if (bracketClass(prev, pi, ep - 1) || !bracketClass(cur, pi, ep - 1)) return -1;
                                pi = ep;
                                continue;
                            }
                            if (next >= '0' && next <= '9') {
                                si = matchCapture(si, next);
                                if (si == -1) return -1;
                                pi += 2;
                                continue;
                            }
                        }
                        break;
                    default:
                        break;
                }
                // A single character class, maybe with a repetition suffix.
                int ep = classEnd(pi);
                int suffix = ep < pEnd ? p[ep] : 0;
                if (!singleMatch(si, pi, ep)) {
                    if (suffix == '*' || suffix == '?' || suffix == '-') {
                        pi = ep + 1;
                        continue;
                    }
                    return -1;
                }
                switch (suffix) {
                    case '?': {
                        int r = match(si + 1, ep + 1);
                        if (r != -1) return r;
                        pi = ep + 1;
                        continue;
                    }
                    case '+':
                        return maxExpand(si + 1, pi, ep);
                    case '*':
                        return maxExpand(si, pi, ep);
                    case '-':
                        return minExpand(si, pi, ep);
                    default:
                        si++;
                        pi = ep;
                }
            }
        } finally {
            depth++;
        }
    }

    private int maxExpand(int si, int pi, int ep) {
        int i = 0;
        while (singleMatch(si + i, pi, ep)) {
            i++;
            step();
        }
        for (; i >= 0; i--) {
            int r = match(si + i, ep + 1);
            if (r != -1) return r;
        }
        return -1;
    }

    private int minExpand(int si, int pi, int ep) {
        while (true) {
            int r = match(si, ep + 1);
            if (r != -1) return r;
            if (!singleMatch(si, pi, ep)) return -1;
            si++;
        }
    }

    private int startCapture(int si, int pi, int what) {
        if (level >= MAX_CAPTURES) throw new LuaError("too many captures");
        capInit[level] = si;
        capLen[level] = what;
        level++;
        int r = match(si, pi);
        if (r == -1) level--;
        return r;
    }

    private int endCapture(int si, int pi) {
        int l = captureToClose();
        capLen[l] = si - capInit[l];
        int r = match(si, pi);
        if (r == -1) capLen[l] = CAP_UNFINISHED;
        return r;
    }

    private int captureToClose() {
        for (int l = level - 1; l >= 0; l--) if (capLen[l] == CAP_UNFINISHED) return l;
        throw new LuaError("invalid pattern capture");
    }

    private int matchBalance(int si, int pi) {
        if (pi + 1 >= pEnd) throw new LuaError("malformed pattern (missing arguments to '%b')");
        if (si >= sEnd || s[si] != p[pi]) return -1;
        byte open = p[pi];
        byte close = p[pi + 1];
        int depth = 1;
        while (++si < sEnd) {
            step();
            byte c = s[si];
            if (c == close) {
                if (--depth == 0) return si + 1;
            } else if (c == open) {
                depth++;
            }
        }
        return -1;
    }

    private int matchCapture(int si, byte digit) {
        int l = digit - '1';
        if (l < 0 || l >= level || capLen[l] == CAP_UNFINISHED)
            throw new LuaError("invalid capture index %" + (l + 1));
        int len = capLen[l];
        if (len == CAP_POSITION) return -1;   // C compares the length as a size_t: a position capture never matches
        if (sEnd - si >= len && LuaString.equals(s, capInit[l], s, si, len)) return si + len;
        return -1;
    }

    /** Index just past the single-character class starting at {@code pi}. */
    private int classEnd(int pi) {
        byte c = p[pi++];
        if (c == ESC) {
            if (pi >= pEnd) throw new LuaError("malformed pattern (ends with '%')");
            return pi + 1;
        }
        if (c == '[') {
            if (pi < pEnd && p[pi] == '^') pi++;
            do {   // look for a ']'; the first character after '[' (or '[^') may itself be one
                if (pi >= pEnd) throw new LuaError("malformed pattern (missing ']')");
                byte d = p[pi++];
                if (d == ESC && pi < pEnd) pi++;
            } while (pi >= pEnd || p[pi] != ']');
            return pi + 1;
        }
        return pi;
    }

    private boolean singleMatch(int si, int pi, int ep) {
        if (si >= sEnd) return false;
        int c = s[si] & 0xff;
        return switch (p[pi]) {
            case '.' -> true;
            case ESC -> matchClass(c, p[pi + 1] & 0xff);
            case '[' -> bracketClass(c, pi, ep - 1);
            default -> (p[pi] & 0xff) == c;
        };
    }

    /** [set] starting at {@code pi} ('['), ending at {@code ec} (']'). */
    private boolean bracketClass(int c, int pi, int ec) {
        boolean sig = true;
        if (p[pi + 1] == '^') {
            sig = false;
            pi++;
        }
        while (++pi < ec) {
            if (p[pi] == ESC) {
                pi++;
                if (matchClass(c, p[pi] & 0xff)) return sig;
            } else if (p[pi + 1] == '-' && pi + 2 < ec) {
                pi += 2;
                if ((p[pi - 2] & 0xff) <= c && c <= (p[pi] & 0xff)) return sig;
            } else if ((p[pi] & 0xff) == c) {
                return sig;
            }
        }
        return !sig;
    }

    static boolean matchClass(int c, int cl) {
        boolean res;
        switch (cl | 0x20) {
            case 'a' -> res = isAlpha(c);
            case 'c' -> res = c < 32 || c == 127;
            case 'd' -> res = c >= '0' && c <= '9';
            case 'g' -> res = c > 32 && c < 127;
            case 'l' -> res = c >= 'a' && c <= 'z';
            case 'p' -> res = c > 32 && c < 127 && !isAlpha(c) && !(c >= '0' && c <= '9');
            case 's' -> res = c == ' ' || (c >= 9 && c <= 13);
            case 'u' -> res = c >= 'A' && c <= 'Z';
            case 'w' -> res = isAlpha(c) || (c >= '0' && c <= '9');
            case 'x' -> res = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
            case 'z' -> res = c == 0;   // deprecated in 5.2, still there
            default -> {
                return cl == c;
            }
        }
        if (!isAlpha(cl)) return cl == c;   // "| 0x20" folded a non-letter onto a class letter
        return Character.isUpperCase(cl) ? !res : res;
    }

    private static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Capture {@code i} as a Lua value (5.2's push_onecapture); the whole match for 0 when there are none. */
    LuaValue capture(int i, int mStart, int mEnd) {
        if (i >= level) {
            if (i == 0) return LuaString.valueOf(s, mStart, mEnd - mStart);
            throw new LuaError("invalid capture index");
        }
        int len = capLen[i];
        if (len == CAP_UNFINISHED) throw new LuaError("unfinished capture");
        if (len == CAP_POSITION) return LuaValue.valueOf(capInit[i] - sInit + 1);
        return LuaString.valueOf(s, capInit[i], len);
    }

    /** All captures, or the whole match when the pattern has none and {@code whole} is set. */
    LuaValue[] captures(int mStart, int mEnd, boolean whole) {
        int n = (level == 0 && whole) ? 1 : level;
        LuaValue[] v = new LuaValue[n];
        for (int i = 0; i < n; i++) v[i] = capture(i, mStart, mEnd);
        return v;
    }
}
