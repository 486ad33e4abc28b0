package io.embark.transformers.persist;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;

/**
 * The uid and copy code every embark stage shares, so that each stage states only what is its own (its uid
 * prefix, its fitted data). Spark ML needs a stage to keep its uid through {@code copy}, through {@code fit} (the
 * model takes its estimator's uid and settings) and through save and load ({@link ParamsOnlyReader},
 * {@link ModelDataReader}); these methods do the first two the same way for every stage.
 *
 * <p>Saving needs no helper: {@code MLWritable.save(path)} is an interface default method ({@code write().save(path)})
 * that Java stages inherit, so a stage implements only {@code write()} and the static {@code read()}/{@code load}.
 *
 * <pre>{@code
 * public Normalize() { this(StageIdentity.randomUid("normalize")); }
 * ...
 * return StageIdentity.fittedBy(this, new NormalizeModel(uid(), means, stds));   // in fit
 * return StageIdentity.copyModel(this, new NormalizeModel(uid, means, stds), extra);   // in the model's copy
 * }</pre>
 */
public final class StageIdentity {
    private StageIdentity() {
    }

    /** A new uid: {@code prefix}, an underscore and 12 random hexadecimal digits, as Spark's own stages get. */
    public static String randomUid(String prefix) {
        return Identifiable$.MODULE$.randomUID(prefix);
    }

    /**
     * Finishes a model just fitted by {@code estimator}: gives it every param value of the estimator (set or
     * default, for the params the model also has) and the estimator as parent.
     *
     * @return {@code model}
     */
    public static <M extends Model<M>> M fittedBy(Estimator<M> estimator, M model) {
        estimator.copyValues(model, estimator.extractParamMap());
        model.setParent(estimator);
        return model;
    }

    /**
     * Finishes {@code copy}, a new model with {@code source}'s uid and fitted data, as {@code Params.copy} requires:
     * {@code source}'s param values overridden by {@code extra}, and {@code source}'s parent.
     *
     * @return {@code copy}
     */
    public static <M extends Model<M>> M copyModel(M source, M copy, ParamMap extra) {
        source.copyValues(copy, extra);
        return copy.setParent(source.parent());
    }
}
