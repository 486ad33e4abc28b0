package io.embark.transformers.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.objects.StaticInvoke;
import org.apache.spark.sql.types.AbstractDataType;
import org.apache.spark.sql.types.DataType;
import scala.collection.JavaConverters;

import java.util.List;

/**
 * A column computed by a public static Java method on Spark's internal value forms, as Catalyst's
 * {@code StaticInvoke} expression: the call is compiled into the stage's generated code and its argument and
 * result are passed as Spark keeps them ({@code UTF8String}, {@code ArrayData}, ...), with no conversion to and from
 * Java objects. Every call first runs {@link SparkInternals#verify()}.
 *
 * <pre>{@code
 * Column tokens = CatalystCalls.staticCall(TokenizerFunctions.class, "tokenize",
 *         DataTypes.createArrayType(DataTypes.StringType, false), col("text"));
 * }</pre>
 */
public final class CatalystCalls {
    private CatalystCalls() {
    }

    /**
     * The column {@code target.function(argument)}, of type {@code resultType}. The method is called on null
     * arguments too (it must handle them) and must never return null; it is taken as deterministic.
     */
    public static Column staticCall(Class<?> target, String function, DataType resultType, Column argument) {
        SparkInternals.verify();
        // positional: staticObject, dataType, functionName, arguments, inputTypes, propagateNull, returnNullable,
        // isDeterministic
        StaticInvoke call = new StaticInvoke(target, resultType, function,
                JavaConverters.asScalaBuffer(List.of(argument.expr())).toList(),
                JavaConverters.asScalaBuffer(List.<AbstractDataType>of()).toList(), false, false, true);
        return new Column(call);
    }
}
