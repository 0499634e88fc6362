package dev.atrium.scaffolder.expression;

import com.hubspot.jinjava.el.ext.JinjavaBeanELResolver;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.collections.PyMap;
import com.hubspot.jinjava.util.ForLoop;
import java.util.Set;
import jinjava.javax.el.ArrayELResolver;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;
import jinjava.javax.el.ListELResolver;
import jinjava.javax.el.MapELResolver;

/**
 * The only ways an expression may reach into a value: map keys, list and array indexes, and the
 * properties and methods of Jinjava's own loop and collection wrappers ({@code loop.index},
 * {@code dict.items()}). Any other object (a String, a number, the interpreter) exposes nothing, so
 * {@code ''.getClass()} or {@code ____int3rpr3t3r____.getContext()} resolve to nothing.
 */
final class SandboxResolver {
    private static final Set<String> REFUSED = Set.of("class", "getClass", "classLoader", "getClassLoader",
            "forName", "newInstance", "invoke", "getMethod", "getDeclaredMethod", "notify", "notifyAll", "wait",
            "clone", "finalize", "__class__", "__mro__", "__subclasses__", "__globals__", "__init__");

    private SandboxResolver() {
    }

    static ELResolver create() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new ArrayELResolver(true));
        resolver.add(new ListELResolver(true));
        resolver.add(new MapELResolver(false));
        resolver.add(new WrapperBeans());
        return resolver;
    }

    static boolean exposesMembers(Object base) {
        return base instanceof ForLoop || base instanceof PyList || base instanceof PyMap;
    }

    /** Filters and tests are Jinjava objects whose {@code filter}/{@code evaluate} the engine itself calls. */
    static boolean invocable(Object base, Object method) {
        return exposesMembers(base)
                || (base instanceof Filter && "filter".equals(String.valueOf(method)))
                || (base instanceof ExpTest && "evaluate".equals(String.valueOf(method)));
    }

    /** Bean access limited to Jinjava's wrappers; everything else is left unresolved. */
    private static final class WrapperBeans extends JinjavaBeanELResolver {
        WrapperBeans() {
            super(false);
        }

        @Override
        public Object getValue(ELContext context, Object base, Object property) {
            if (base == null || !exposesMembers(base) || REFUSED.contains(String.valueOf(property))) {
                return null;
            }
            return super.getValue(context, base, property);
        }

        @Override
        public Class<?> getType(ELContext context, Object base, Object property) {
            if (base == null || !exposesMembers(base)) {
                return null;
            }
            return super.getType(context, base, property);
        }

        @Override
        public boolean isReadOnly(ELContext context, Object base, Object property) {
            return true;
        }

        @Override
        public void setValue(ELContext context, Object base, Object property, Object value) {
            throw new ExpressionError("Assigning to properties is not allowed in templates");
        }

        @Override
        public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
            if (base == null) {
                return null;
            }
            if (!invocable(base, method) || REFUSED.contains(String.valueOf(method))) {
                throw new ExpressionError("Calling methods is not allowed in templates (" + method + " on a "
                        + describe(base) + ")");
            }
            return super.invoke(context, base, method, paramTypes, params);
        }

        private static String describe(Object base) {
            if (base instanceof CharSequence) {
                return "string";
            }
            if (base instanceof Number) {
                return "number";
            }
            return "value";
        }
    }
}
