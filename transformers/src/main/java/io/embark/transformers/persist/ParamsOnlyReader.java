package io.embark.transformers.persist;

import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;

import java.lang.reflect.InvocationTargetException;

/**
 * Loads a stage saved by {@link ParamsOnlyWriter}: instantiates {@code type} through its public
 * {@code (String uid)} constructor with the saved uid, then sets the saved params.
 *
 * @param <T> the stage type
 */
public final class ParamsOnlyReader<T extends Params> extends MLReader<T> {
    private final Class<T> type;
    private final int maxFormatVersion;

    /** Creates a reader for stages of {@code type} saved in formats up to {@code maxFormatVersion}. */
    public ParamsOnlyReader(Class<T> type, int maxFormatVersion) {
        this.type = type;
        this.maxFormatVersion = maxFormatVersion;
    }

    @Override
    public T load(String path) {
        T stage = newInstance(type, StageMetadata.uid(path, sc(), type));
        StageMetadata.loadInto(stage, path, sc(), type, maxFormatVersion);
        return stage;
    }

    /** Instantiates {@code type} through its public {@code (String uid)} constructor. */
    public static <S> S newInstance(Class<S> type, String uid) {
        try {
            return type.getConstructor(String.class).newInstance(uid);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException(type.getName() + " needs a public (String uid) constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot create " + type.getName(), e.getCause());
        }
    }
}
