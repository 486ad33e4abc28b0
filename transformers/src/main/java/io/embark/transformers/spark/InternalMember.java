package io.embark.transformers.spark;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/**
 * One member of a Spark class that embark relies on although Spark does not promise to keep it: a constructor,
 * method or field, described by class and type names (strings, so that describing a member never loads a class
 * that may be absent). {@link #findProblem} looks it up by reflection in the running Spark and says what is wrong,
 * if anything: the class, a parameter type or the member is missing, or the member has another type.
 *
 * <pre>{@code
 * InternalMember m = InternalMember.method("org.apache.spark.unsafe.types.UTF8String", "numBytes", "int");
 * m.findProblem(loader);   // empty when the running Spark has it
 * }</pre>
 *
 * @param kind       constructor, method or field
 * @param className  the declaring class's binary name ({@code Outer$Inner}; {@code Name$} for a Scala object)
 * @param name       the method or field name (the simple class name for a constructor)
 * @param type       the method's return type or the field's type ({@code void} for a constructor)
 * @param parameters the parameter types: binary class names, primitives such as {@code int}, arrays such as
 *                   {@code byte[]}
 */
record InternalMember(Kind kind, String className, String name, String type, List<String> parameters) {

    /** What kind of member it is. */
    enum Kind { CONSTRUCTOR, METHOD, FIELD }

    InternalMember {
        parameters = List.copyOf(parameters);
    }

    /** A public constructor of {@code className} taking {@code parameters}. */
    static InternalMember constructor(String className, String... parameters) {
        return new InternalMember(Kind.CONSTRUCTOR, className, className.substring(className.lastIndexOf('.') + 1),
                "void", List.of(parameters));
    }

    /** A public method {@code name(parameters)} of {@code className} returning {@code returnType}. */
    static InternalMember method(String className, String name, String returnType, String... parameters) {
        return new InternalMember(Kind.METHOD, className, name, returnType, List.of(parameters));
    }

    /** A public field {@code name} of {@code className} of type {@code type}. */
    static InternalMember field(String className, String name, String type) {
        return new InternalMember(Kind.FIELD, className, name, type, List.of());
    }

    /**
     * The member as the error message names it, e.g.
     * {@code method int org.apache.spark.unsafe.types.UTF8String.numBytes()}.
     */
    String describe() {
        return switch (kind) {
            case CONSTRUCTOR -> "constructor " + className + "(" + String.join(", ", parameters) + ")";
            case METHOD -> "method " + type + " " + className + "." + name + "(" + String.join(", ", parameters) + ")";
            case FIELD -> "field " + type + " " + className + "." + name;
        };
    }

    /** What is wrong with this member in the classes {@code loader} sees, or empty when it is there as described. */
    Optional<String> findProblem(ClassLoader loader) {
        Class<?> owner;
        Class<?>[] parameterTypes = new Class<?>[parameters.size()];
        try {
            owner = load(className, loader);
            for (int i = 0; i < parameterTypes.length; i++) {
                parameterTypes[i] = load(parameters.get(i), loader);
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of("class " + e.getMessage() + " not found");
        }
        try {
            switch (kind) {
                case CONSTRUCTOR -> owner.getConstructor(parameterTypes);
                case METHOD -> {
                    Method m = owner.getMethod(name, parameterTypes);
                    return typeProblem("returns", m.getReturnType());
                }
                case FIELD -> {
                    Field f = owner.getField(name);
                    return typeProblem("has type", f.getType());
                }
                default -> throw new AssertionError(kind);
            }
        } catch (NoSuchMethodException | NoSuchFieldException e) {
            return Optional.of("no such " + kind.name().toLowerCase(java.util.Locale.ROOT));
        }
        return Optional.empty();
    }

    private Optional<String> typeProblem(String verb, Class<?> actual) {
        return actual.getTypeName().equals(type) ? Optional.empty()
                : Optional.of("it " + verb + " " + actual.getTypeName());
    }

    private static Class<?> load(String typeName, ClassLoader loader) throws ClassNotFoundException {
        if (typeName.endsWith("[]")) {
            return load(typeName.substring(0, typeName.length() - 2), loader).arrayType();
        }
        return switch (typeName) {
            case "boolean" -> boolean.class;
            case "byte" -> byte.class;
            case "int" -> int.class;
            case "long" -> long.class;
            case "double" -> double.class;
            case "void" -> void.class;
            default -> Class.forName(typeName, false, loader);
        };
    }
}
