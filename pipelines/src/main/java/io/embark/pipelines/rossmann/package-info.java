/**
 * Rossmann store sales, generated. The competition's {@code train.csv} is not available here, so this package
 * makes a training table with its columns for the real 1,115 stores from the tables that are: the stores'
 * attributes, their states, the states' daily weather and weekly Google-trend index.
 *
 * <p>{@link io.embark.pipelines.rossmann.RossmannTables} reads and validates those tables (clear errors for
 * missing or malformed files; unusable rows fail the read or are counted in rejects, never dropped silently).
 * {@link io.embark.pipelines.rossmann.RossmannCalendar} gives each state's public holidays (computed) and school
 * holidays (approximate blocks), {@link io.embark.pipelines.rossmann.PromoCalendar} the promotion days, and
 * {@link io.embark.pipelines.rossmann.RossmannProcess} the multiplicative process, its constants and its formula.
 * {@link io.embark.pipelines.rossmann.RossmannGenerator} builds the table on the executors, deterministic from a
 * seed whatever the partitioning, and scales it by replicating stores; it keeps each row's noise-free
 * {@code ExpectedSales}, so {@link io.embark.pipelines.rossmann.RossmannMetrics} can measure the oracle's
 * exp-RMSPE, the floor a model trained on the table can reach, on any split.
 *
 * <p>{@link io.embark.pipelines.rossmann.RossmannFeatures} is fastai's Rossmann feature engineering on such a
 * table and the competition's test calendar: the joins with the store, state, Google-trend and weather tables
 * (each checked to keep and match every row), the competition, Promo2, date-part and elapsed-event features, the
 * recipe's 22 categorical and 16 continuous variables, the last-six-weeks validation split and the log-Sales target
 * with its range ({@link io.embark.pipelines.rossmann.PreparedRossmann}).
 *
 * <p>{@link io.embark.pipelines.rossmann.RossmannWorkflow} is the whole recipe as four steps (generate, prepare,
 * train, predict), one method each, taking {@link io.embark.pipelines.rossmann.RossmannSettings} and returning a
 * typed result; {@link io.embark.pipelines.rossmann.RossmannPeers} are the references its train step scores on the
 * same split (oracle, group median, MLlib GBT) and writes into the run's {@code metrics.json}.
 *
 * <p>The generated sales are synthetic: results on them say how well a pipeline recovers a known process, not
 * how well it forecasts Rossmann's real sales.
 */
package io.embark.pipelines.rossmann;
