package io.skyloom.lua;

import io.skyloom.core.kernel.Node;
import io.skyloom.lua.stdlib.ServiceStopped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.bcel.classfile.ClassParser;
import org.apache.bcel.classfile.JavaClass;
import org.apache.bcel.classfile.Method;
import org.apache.bcel.generic.BranchInstruction;
import org.apache.bcel.generic.ClassGen;
import org.apache.bcel.generic.ConstantPoolGen;
import org.apache.bcel.generic.INVOKESTATIC;
import org.apache.bcel.generic.INVOKEVIRTUAL;
import org.apache.bcel.generic.InstructionHandle;
import org.apache.bcel.generic.InstructionList;
import org.apache.bcel.generic.MethodGen;
import org.apache.bcel.generic.Select;
import org.luaj.vm2.LuaValue;

/**
 * Lets {@code kill} stop Lua code compiled by LuaJC inside an endless loop, as the
 * interpreter's per-instruction check does. Every loop header of the generated classes
 * (the target of a backward branch) gets a call to {@link #check}, which costs one
 * volatile read while no service is being stopped; only then does it look up whether
 * the running service is one of them, and unwind it with the interpreter's
 * {@link ServiceStopped}. The same pass over LuaJC's classes ({@link #rewrite}) passes
 * every one-result call through {@link #oneValue}. Thread-safe.
 */
public final class LoopGuard {

    private record Key(Node node, int handle) {}

    private static final Set<Key> STOPPING = ConcurrentHashMap.newKeySet();
    private static volatile int stopping;    // STOPPING's size: what every compiled loop reads

    private LoopGuard() {}

    /** Called by compiled code at every loop header. Not for Lua or users. */
    public static void check() {
        if (stopping != 0) checkCurrent();
    }

    private static void checkCurrent() {
        io.skyloom.core.kernel.TaskContext c = Node.context();
        if (c != null && STOPPING.contains(new Key(c.node(), c.self()))) throw new ServiceStopped();
    }

    /** The service was asked to stop (kill, node close): its compiled loops unwind. */
    static void stop(Node node, int handle) {
        STOPPING.add(new Key(node, handle));
        stopping = STOPPING.size();
    }

    /** The service is gone. */
    static void forget(Node node, int handle) {
        if (STOPPING.remove(new Key(node, handle))) stopping = STOPPING.size();
    }

    /**
     * Called by compiled code on the value of every one-result call. Not for Lua or users.
     * A function LuaJC compiled returns LuaValue.NONE from {@code call()} when it returns
     * nothing; the interpreter's calls take the first of the results, nil. Kept as NONE in
     * a variable it is not equal to nil ({@code local r = f(); if r == nil}: false) and
     * prints as "none".
     */
    public static LuaValue oneValue(LuaValue v) {
        return v == LuaValue.NONE ? LuaValue.NIL : v;
    }

    /**
     * The class file with a call to {@link #check} at the head of every loop of every
     * method, and every one-result call's value passed through {@link #oneValue}.
     */
    static byte[] rewrite(byte[] classFile, String className) {
        try {
            JavaClass jc = new ClassParser(new ByteArrayInputStream(classFile), className + ".class").parse();
            ClassGen cg = new ClassGen(jc);
            ConstantPoolGen cp = cg.getConstantPool();
            int check = cp.addMethodref(LoopGuard.class.getName(), "check", "()V");
            int oneValue = cp.addMethodref(LoopGuard.class.getName(), "oneValue", "(" + LUAVALUE + ")" + LUAVALUE);
            for (Method m : cg.getMethods()) {
                if (m.getCode() == null) continue;
                MethodGen mg = new MethodGen(m, cg.getClassName(), cp);
                InstructionList il = mg.getInstructionList();
                boolean calls = oneValues(il, cp, oneValue);
                if (guard(il, check) | calls) {
                    mg.setMaxStack();
                    cg.replaceMethod(m, mg.getMethod());
                }
                il.dispose();
            }
            return cg.getJavaClass().getBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read LuaJC's class " + className, e);
        }
    }

    private static final String LUAVALUE = "L" + LuaValue.class.getName().replace('.', '/') + ";";

    /** Inserts oneValue after every call(...) of a LuaValue that returns a LuaValue; true if there was one. */
    private static boolean oneValues(InstructionList il, ConstantPoolGen cp, int oneValue) {
        boolean any = false;
        for (InstructionHandle h : il.getInstructionHandles()) {
            if (!(h.getInstruction() instanceof INVOKEVIRTUAL inv)) continue;
            if (!inv.getMethodName(cp).equals("call") || !inv.getSignature(cp).endsWith(")" + LUAVALUE)) continue;
            il.append(h, new INVOKESTATIC(oneValue));
            any = true;
        }
        return any;
    }

    /** Inserts the check before every backward-branch target; true if there was one. */
    private static boolean guard(InstructionList il, int check) {
        il.setPositions();
        Set<InstructionHandle> headers = new LinkedHashSet<>();
        for (InstructionHandle h : il.getInstructionHandles()) {
            if (!(h.getInstruction() instanceof BranchInstruction b)) continue;
            addIfBackward(headers, h, b.getTarget());
            if (b instanceof Select s) for (InstructionHandle t : s.getTargets()) addIfBackward(headers, h, t);
        }
        for (InstructionHandle header : headers) {
            InstructionHandle guard = il.insert(header, new INVOKESTATIC(check));
            il.redirectBranches(header, guard);   // every way into the loop passes the check
        }
        return !headers.isEmpty();
    }

    private static void addIfBackward(Set<InstructionHandle> headers, InstructionHandle from, InstructionHandle to) {
        if (to != null && to.getPosition() <= from.getPosition()) headers.add(to);
    }
}
