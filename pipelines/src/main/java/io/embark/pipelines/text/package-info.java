/**
 * Text data for DL4J, built on the executors from the token-id column that {@code NumericalizeModel} produces
 * ({@code array<int>}, one document per row). Nothing is collected to the driver.
 *
 * <p>{@link io.embark.pipelines.text.LanguageModelEpochs} serves fastai's language-model batches: each epoch the
 * documents are shuffled (by a key hashed from their contents, the seed and the epoch), each partition concatenates
 * its documents into one stream, cuts it into {@code batchSize} contiguous streams and emits {@code seqLen}-step
 * windows with next-token targets ({@link io.embark.pipelines.text.LanguageModelWindows}).
 * {@link io.embark.pipelines.text.ClassifierEpochs} serves fastai's classifier batches: documents of similar length
 * grouped together (sorted within chunks of 50 minibatches, minibatch order shuffled), padded with {@code xxpad}
 * at the start, with a feature mask and one-hot labels ({@link io.embark.pipelines.text.ClassifierBatches}). Both
 * give a {@code JavaRDD<DataSet>} per epoch and implement {@code EpochData} for the parameter-averaging trainer.
 *
 * <p>Tensor shapes are chosen for DL4J 1.0.0-M2.1: token ids as features {@code [n, 1, T]} for an
 * {@code EmbeddingSequenceLayer}, masks {@code [n, T]}; language-model targets as ids {@code [n, 1, T]} for an
 * {@code RnnOutputLayer} with {@code LossFunction.SPARSE_MCXENT} (one-hot targets over a 60,000-word vocabulary
 * would not fit in memory); classifier labels one-hot {@code [n, classes]} for an {@code OutputLayer} after a
 * masked pooling or last-step layer. When configuring such a network without {@code setInputType}, give every
 * {@code nIn} and set the {@code RnnOutputLayer}'s data format to {@code RNNFormat.NCW}; {@code setInputType} with
 * {@code InputType.recurrent(1)} would reset the embedding's {@code nIn} to 1.
 */
package io.embark.pipelines.text;
