package io.skyloom.bench.codec;

import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.Skyloom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The codecs as a Lua service uses them (issue 16): rapidjson encode and decode, pb
 * encode and decode of one representative message, a player record of about 30 fields
 * (scalars, a nested message, a repeated message, a map and an enum; 236 bytes as
 * protobuf, 488 as JSON). Each invocation is one call into the service that runs the
 * codec {@link #BATCH} times in a Lua loop, so the score is codec calls per second
 * from Lua, with the gateway call amortised away.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

    static final int BATCH = 1000;

    static final String SERVICE = """
            local skynet = require "skynet"
            local foreign = require "pyskynet.foreign"
            local json = require "rapidjson"
            local pb = require "pb"
            local protoc = require "protoc"
            assert(protoc:load([[
                syntax = "proto3";
                package bench;
                enum Class { WARRIOR = 0; MAGE = 1; ROGUE = 2; }
                message Item { int32 id = 1; string name = 2; int32 count = 3; double weight = 4; }
                message Position { float x = 1; float y = 2; float z = 3; }
                message Player {
                    int64 id = 1; string name = 2; int32 level = 3; int64 exp = 4; Class class = 5;
                    bool online = 6; Position pos = 7; repeated Item bag = 8; map<string, int32> stats = 9;
                    repeated int32 friends = 10; string guild = 11; double gold = 12;
                }
            ]], "bench.proto"))
            local player = {
                id = 123456789012, name = "Alice the Brave", level = 57, exp = 9876543210, class = "MAGE",
                online = true, pos = { x = 12.5, y = -3.25, z = 100 }, guild = "Knights of the Loom", gold = 12345.67,
                bag = {
                    { id = 1, name = "Sword", count = 1, weight = 3.5 }, { id = 2, name = "Potion", count = 12, weight = 0.2 },
                    { id = 3, name = "Shield", count = 1, weight = 6 }, { id = 4, name = "Arrow", count = 99, weight = 0.05 },
                },
                stats = { str = 10, dex = 14, int = 18, wis = 16, con = 12 },
                friends = { 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008 },
            }
            local json_text = json.encode(player)
            local pb_bytes = pb.encode("bench.Player", player)
            local n = %d
            foreign.dispatch("json_encode", function()
                local s for i = 1, n do s = json.encode(player) end return #s
            end)
            foreign.dispatch("json_decode", function()
                local t for i = 1, n do t = json.decode(json_text) end return t.level
            end)
            foreign.dispatch("pb_encode", function()
                local s for i = 1, n do s = pb.encode("bench.Player", player) end return #s
            end)
            foreign.dispatch("pb_decode", function()
                local t for i = 1, n do t = pb.decode("bench.Player", pb_bytes) end return t.level
            end)
            skynet.start(function() end)
            """.formatted(BATCH);

    Skyloom node;
    int codecs;

    @Setup(Level.Trial)
    public void start() {
        node = Skyloom.start(NodeConfig.builder().thread(2).build());
        codecs = node.scriptservice(SERVICE);
    }

    @TearDown(Level.Trial)
    public void stop() {
        node.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object[] jsonEncode() {
        return node.foreign().call(codecs, "json_encode");
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object[] jsonDecode() {
        return node.foreign().call(codecs, "json_decode");
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object[] pbEncode() {
        return node.foreign().call(codecs, "pb_encode");
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object[] pbDecode() {
        return node.foreign().call(codecs, "pb_decode");
    }
}
