/**
 * The language-model workload, ULMFiT stages 1 and 2: fastai's AWD-LSTM language model on Spark.
 *
 * <p>{@link io.embark.pipelines.lm.LanguageModelTraining} is the workflow: {@code pretrain} on a general corpus
 * (typed {@link io.embark.pipelines.lm.PretrainSettings} in, {@link io.embark.pipelines.lm.LanguageModelResult} out)
 * and {@code finetune} on a target corpus ({@link io.embark.pipelines.lm.FinetuneSettings}), each committing one run
 * directory that {@link io.embark.pipelines.lm.LanguageModelRun} loads back. Corpora are text files, CSV or Parquet
 * on any Hadoop file system ({@link io.embark.pipelines.lm.CorpusReader}: unusable documents to {@code rejects/}
 * with a reason); tokenization and the vocabulary are the text stages of {@code io.embark.transformers.text}, fitted
 * on the training documents only; windows are built on the executors ({@code io.embark.pipelines.text}) and the
 * network is trained with parameter averaging ({@code io.embark.pipelines.train}). Held-out cross-entropy,
 * perplexity and next-token accuracy are computed on the executors
 * ({@link io.embark.pipelines.lm.LanguageModelScorer}) against the unigram baseline
 * ({@link io.embark.pipelines.lm.UnigramBaseline}).
 *
 * <p>The model ({@link io.embark.pipelines.lm.AwdLstm}) is DL4J's {@code EmbeddingSequenceLayer}, LSTMs and an
 * {@code RnnOutputLayer}, with AWD-LSTM's regularisation written where DL4J lacks it:
 * {@link io.embark.pipelines.lm.EmbeddingDropout} (whole vocabulary rows), {@link io.embark.pipelines.lm.RecurrentWeightDrop}
 * (hidden-to-hidden weights only) and {@link io.embark.pipelines.lm.TimeDropout} (one mask over time on masked
 * sequences). {@link io.embark.pipelines.lm.VocabularyTransfer} moves a trained model onto another vocabulary as
 * fastai does; {@link io.embark.pipelines.lm.TextGenerator} samples continuations. {@link io.embark.pipelines.lm.AwdLstm}
 * lists every deviation from fastai's model.
 */
package io.embark.pipelines.lm;
