package io.skyloom.lua;

import java.lang.reflect.Field;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;

/**
 * The upvalues of a function LuaJC compiled: its class keeps upvalue i in field
 * {@code u(i-1)}, a LuaValue for a variable nobody writes after it is captured, or a
 * one-slot LuaValue[] (shared by every closure of that variable) for one that is
 * written. The class is generated into the unnamed module, so its fields are readable.
 * Used by collectgarbage("count") and by skyloom.code's upvalue functions (hotfix,
 * inject). Thread-safe; a function is read and written by its service's task only.
 */
final class CompiledUpvalues {

    private CompiledUpvalues() {}

    private static final Field[] NONE = new Field[0];

    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> c) {
            if (!c.getName().startsWith(ErrorMessages.LUAJC_PREFIX)) return NONE;
            java.util.List<Field> fields = new java.util.ArrayList<>();
            for (int i = 0; ; i++) {
                Field f;
                try {
                    f = c.getDeclaredField("u" + i);
                } catch (NoSuchFieldException e) {
                    break;
                }
                f.setAccessible(true);
                fields.add(f);
            }
            return fields.toArray(Field[]::new);
        }
    };

    /** How many upvalues f has; 0 for a function LuaJC did not compile. */
    static int count(LuaFunction f) {
        return FIELDS.get(f.getClass()).length;
    }

    /** Upvalue i (1-based) of f: a LuaValue, or the LuaValue[] cell of a written one. */
    static Object raw(LuaFunction f, int i) {
        try {
            return FIELDS.get(f.getClass())[i - 1].get(f);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read upvalue " + i + " of " + f.getClass().getName(), e);
        }
    }

    static LuaValue get(LuaFunction f, int i) {
        Object o = raw(f, i);
        if (o instanceof LuaValue[] cell) return cell.length > 0 && cell[0] != null ? cell[0] : LuaValue.NIL;
        return o == null ? LuaValue.NIL : (LuaValue) o;
    }

    static void set(LuaFunction f, int i, LuaValue v) {
        Field field = FIELDS.get(f.getClass())[i - 1];
        try {
            if (field.getType() == LuaValue[].class) ((LuaValue[]) field.get(f))[0] = v;
            else field.set(f, v);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write upvalue " + i + " of " + f.getClass().getName(), e);
        }
    }

    /** True when upvalue i is a shared cell (a variable that is written). */
    static boolean isCell(LuaFunction f, int i) {
        return FIELDS.get(f.getClass())[i - 1].getType() == LuaValue[].class;
    }

    /** Makes upvalue i of f the cell {@code cell} (upvaluejoin between written variables). */
    static void setCell(LuaFunction f, int i, LuaValue[] cell) {
        try {
            FIELDS.get(f.getClass())[i - 1].set(f, cell);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot join upvalue " + i + " of " + f.getClass().getName(), e);
        }
    }
}
