package io.embark.pipelines.lm;

import io.embark.pipelines.train.EpochRecord;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a pretrain or fine-tune run produced (also written to its {@code metrics.json}).
 *
 * @param step              {@code pretrain} or {@code finetune}
 * @param output            the committed output directory
 * @param documents         documents read, used and rejected
 * @param vocabSize         vocabulary size, {@code xxfake} padding included
 * @param trainTokens       tokens of the training documents
 * @param validTokens       tokens of the held-out documents
 * @param unigramPerplexity held-out perplexity of the training unigram distribution (add-one smoothed): the
 *                          baseline any language model must beat
 * @param epochs            every epoch of every phase, in order
 * @param finalMetrics      the last epoch's validation metrics ({@code valid_loss}, {@code valid_perplexity},
 *                          {@code valid_accuracy})
 * @param tokensPerSecond   training throughput over all epochs
 * @param trainSeconds      training wall time (evaluation excluded)
 * @param workers           parallel workers per averaging round
 * @param executors         executors that ran training tasks
 * @param parameters        parameters of the network
 * @param generated         continuations of the configured prompts
 * @param transfer          vocabulary transfer of a fine-tune run ({@code matched}, {@code new}), empty for pretraining
 */
public record LanguageModelResult(String step, String output, CorpusReader.Counts documents, int vocabSize,
                                  long trainTokens, long validTokens, double unigramPerplexity,
                                  List<EpochRecord> epochs, Map<String, Double> finalMetrics, double tokensPerSecond,
                                  double trainSeconds, int workers, Set<String> executors, long parameters,
                                  List<String> generated, Map<String, Integer> transfer) {
    /** The held-out perplexity after the last epoch. */
    public double validPerplexity() {
        return finalMetrics.get(LanguageModelTraining.VALID_PERPLEXITY);
    }
}
