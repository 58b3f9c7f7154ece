package io.skyloom.lua.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * http.url, http.internal, http.httpd and http.wsframe on bytes handed over by a reader
 * that gives the input in pieces (whole, or one byte per read, so every parser state
 * meets a piece boundary), inside a real service: the parsers need no socket.
 */
class HttpMessageTest {

    @AutoClose
    static final LuaRunner lua = new LuaRunner();

    // reader(s, step): readbytes over s, at most `step` new bytes per read (nil: all at once)
    private static final String PRELUDE = """
            local url = require "http.url"
            local internal = require "http.internal"
            local httpd = require "http.httpd"
            local wsframe = require "http.wsframe"
            local function reader(s, step)
                local pos, buf = 1, ""
                local function more()
                    if pos > #s then error("end of input", 0) end
                    local n = step or #s
                    buf = buf .. s:sub(pos, pos + n - 1)
                    pos = pos + n
                end
                return function(sz)
                    if sz then
                        while #buf < sz do more() end
                    elseif buf == "" then
                        more()
                    end
                    local n = sz or #buf
                    local r = buf:sub(1, n)
                    buf = buf:sub(n + 1)
                    return r
                end
            end
            -- LuaJ's interpreter gives error(msg, 0) a position: compare what follows it
            local function bare(e) return (tostring(e):gsub('^[^:]+:%d+: ', '')) end
            local function writer()
                local out = {}
                return function(s) out[#out + 1] = s end, function() return table.concat(out) end
            end
            """;

    private static Object[] run(String body, Object... args) {
        return lua.run(PRELUDE + body, args);
    }

    private static List<Object> list(String body, Object... args) {
        return List.of(run(body, args));
    }

    @Test
    void urlParseDecodesThePathAndKeepsTheQueryRaw() {
        assertThat(list("return url.parse('/a%20b/c+d?x=1&y=%41')")).containsExactly("/a b/c d", "x=1&y=%41");
        assertThat(list("return url.parse('/plain')")).containsExactly("/plain", "");
        assertThat(list("return url.parse('/100%')")).containsExactly("/100%", "");
    }

    @Test
    void parseQueryGathersRepeatedKeysIntoAListInOrder() {
        assertThat(list("""
                local q = url.parse_query('k1=1&k5=b%20space&k5=two&k5=3&flag&e=')
                return q.k1, q.k5[1], q.k5[2], q.k5[3], #q.k5, q.flag, q.e
                """)).containsExactly("1", "b space", "two", "3", 3L, "", "");
    }

    @Test
    void aGetRequestIsReadWholeOrByteByByte() {
        for (String step : List.of("nil", "1", "7")) {
            assertThat(list("""
                    local code, u, method, header, body = httpd.read_request(reader(
                        '\\r\\nGET /p?q=1 HTTP/1.1\\r\\nHost: h\\r\\nX-A: one\\r\\nx-a: two\\r\\n  folded\\r\\n\\r\\n', %s), 100)
                    return code, u, method, header.host, header['x-a'][1], header['x-a'][2], body
                    """.formatted(step))).containsExactly(200L, "/p?q=1", "GET", "h", "one", "two folded", "");
        }
    }

    @Test
    void aBodyIsReadByItsLengthAndAChunkedOneWithItsTrailer() {
        assertThat(list("""
                local code, u, m, h, body = httpd.read_request(reader(
                    'POST /x HTTP/1.1\\r\\ncontent-length: 11\\r\\n\\r\\nhello world', 3), 100)
                return code, m, body
                """)).containsExactly(200L, "POST", "hello world");
        for (String step : List.of("nil", "1")) {
            assertThat(list("""
                    local code, u, m, h, body = httpd.read_request(reader(
                        'POST /x HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n'
                        .. '5;ext=1\\r\\nhello\\r\\n1\\r\\n \\r\\nA\\r\\n0123456789\\r\\n0\\r\\nX-Sum: 16\\r\\n\\r\\n', %s), 100)
                    return code, body, h['x-sum']
                    """.formatted(step))).containsExactly(200L, "hello 0123456789", "16");
        }
    }

    @Test
    void badRequestsAreAnsweredWithTheirStatusAndAReason() {
        // code and message for each bad request
        String cases = """
                local function try(s, limit)
                    local code, msg = httpd.read_request(reader(s), limit)
                    return code .. ' ' .. tostring(msg)
                end
                return try('GET / HTTP/1.1\\r\\nX: ' .. ('a'):rep(9000) .. '\\r\\n\\r\\n'),
                    try('GET / HTTP/1.1\\r\\nX: ' .. ('a'):rep(9000)),
                    try('POST / HTTP/1.1\\r\\ncontent-length: 101\\r\\n\\r\\n', 100),
                    try('POST / HTTP/1.1\\r\\ntransfer-encoding: chunked\\r\\n\\r\\n40\\r\\n' .. ('x'):rep(64) .. '\\r\\n40\\r\\n', 100),
                    try('POST / HTTP/1.1\\r\\ntransfer-encoding: chunked\\r\\n\\r\\nzz\\r\\n'),
                    try('POST / HTTP/1.1\\r\\ntransfer-encoding: chunked\\r\\n\\r\\n' .. ('1'):rep(2000)),
                    try('POST / HTTP/1.1\\r\\ntransfer-encoding: chunked\\r\\n\\r\\n3\\r\\nabcX\\r\\n'),
                    try('POST / HTTP/1.1\\r\\ncontent-length: 1x\\r\\n\\r\\n'),
                    try('POST / HTTP/1.1\\r\\ncontent-length: 3\\r\\ntransfer-encoding: chunked\\r\\n\\r\\n'),
                    try('POST / HTTP/1.1\\r\\ntransfer-encoding: gzip\\r\\n\\r\\n'),
                    try('GET / HTTP/2.0\\r\\n\\r\\n'),
                    try('what\\r\\n\\r\\n'),
                    try('GET / HTTP/1.1\\r\\nno colon here\\r\\n\\r\\n')
                """;
        assertThat(list(cases)).containsExactly(
                "413 request head longer than 8192 bytes",
                "413 request head longer than 8192 bytes",
                "413 body of 101 bytes is over the limit of 100",
                "413 chunked body longer than the limit of 100 bytes",
                "400 bad chunk size \"zz\"",
                "400 chunk-size line longer than 1024 bytes",
                "400 chunk data not followed by CRLF",
                "400 bad Content-Length \"1x\"",
                "400 both Content-Length and Transfer-Encoding given",
                "501 transfer-encoding \"gzip\" is not supported",
                "505 HTTP/2.0 is not supported",
                "400 bad request line \"what\"",
                "400 bad header field");
    }

    @Test
    void aConnectionThatEndsIsAFailureAndSaysWhetherARequestHadBegun() {
        assertThat(list("""
                local a, ea, idle_a = httpd.read_request(reader(''))
                local b, eb, idle_b = httpd.read_request(reader('GET / HT'))
                return a == nil, bare(ea), idle_a, b == nil, bare(eb), idle_b
                """)).containsExactly(true, "end of input", true, true, "end of input", false);
    }

    @Test
    void responsesCarryTheirLengthOrAreChunkedFromABodyFunction() {
        assertThat(list("""
                local w, got = writer()
                assert(httpd.write_response(w, 200, 'hi', { ['X-One'] = '1', ['Set-Cookie'] = { 'a=1', 'b=2' } }))
                local plain = got()
                local w2, got2 = writer()
                local parts = { 'ab', '', 'cde' }
                local i = 0
                assert(httpd.write_response(w2, 200, function() i = i + 1 return parts[i] end))
                local w3, got3 = writer()
                assert(httpd.write_response(w3, 404))
                local ok, err = httpd.write_response(w3, 'x')
                return plain:sub(1, 17), plain:find('Set-Cookie: a=1\\r\\n', 1, true) ~= nil and plain:find('Set-Cookie: b=2\\r\\n', 1, true) ~= nil,
                    plain:match('content%-length: 2\\r\\n\\r\\nhi$') ~= nil, got2(), got3(), ok, bare(err)
                """)).containsExactly("HTTP/1.1 200 OK\r\n", true,
                true, "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n",
                "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n", false,
                "bad argument #2 to 'write_response' (status code expected, got string)");
    }

    @Test
    void aChunkedResponseReadsBackThroughTheClientsParser() {
        assertThat(list("""
                local w, got = writer()
                local n = 0
                assert(httpd.write_response(w, 201, function() n = n + 1 if n <= 3 then return ('x'):rep(n * 1000) end end))
                local r = reader(got(), 5)
                local code, rest, header = internal.request({ read = r, write = function() end }, 'GET', 'h', '/')
                local body = internal.response({ read = r }, code, rest, header)
                return code, #body
                """)).containsExactly(201L, 6000L);
    }

    @Test
    void websocketFramesRoundTripMaskedAndUnmaskedAtEveryLengthForm() {
        assertThat(list("""
                local sizes = { 0, 1, 125, 126, 65535, 65536, 200000 }
                for _, n in ipairs(sizes) do
                    local payload = ('\\1\\255z'):rep(n):sub(1, n)
                    for _, mask in ipairs({ false, '\\9\\8\\7\\6' }) do
                        local bytes = wsframe.encode('binary', payload, mask or nil)
                        local fin, op, data = wsframe.read(reader(bytes, 1000), nil, mask and true or false)
                        assert(fin and op == 'binary' and data == payload, 'size ' .. n)
                    end
                end
                -- RFC 6455 5.7: a masked "Hello" from a client, and the unmasked one
                local hello = wsframe.encode('text', 'Hello', '\\55\\250\\33\\61')
                return wsframe.accept_key('dGhlIHNhbXBsZSBub25jZQ=='), hello == '\\129\\133\\55\\250\\33\\61\\127\\159\\77\\81\\88',
                    wsframe.encode('text', 'Hello') == '\\129\\5Hello'
                """)).containsExactly("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", true, true);
    }

    @Test
    void badWebsocketFramesAreRefusedWithACloseCode() {
        assertThat(list("""
                local function try(bytes, limit, masked)
                    local ok, e = pcall(wsframe.read, reader(bytes), limit, masked)
                    local p = wsframe.problem(e)
                    return p and (p.code .. ' ' .. p.message) or tostring(e)
                end
                return try('\\130\\127\\128\\0\\0\\0\\0\\0\\0\\0'),
                    try('\\130\\127\\0\\0\\0\\0\\0\\16\\0\\0', 256 * 1024),
                    try('\\130\\5hello', nil, true),
                    try('\\130\\133abcdhello', nil, false),
                    try('\\194\\0'),
                    try('\\131\\0'),
                    try('\\137\\126\\0\\200'),
                    try('\\9\\0')
                """)).containsExactly(
                "1002 websocket: frame length has its most significant bit set",
                "1009 websocket: frame of 1048576 bytes is over the limit of 262144",
                "1002 websocket: a client's frame is not masked",
                "1002 websocket: a server's frame is masked",
                "1002 websocket: frame has reserved bits set (no extension was agreed)",
                "1002 websocket: unknown opcode 0x3",
                "1002 websocket: control frame ping is longer than 125 bytes",
                "1002 websocket: control frame ping is fragmented");
    }
}
