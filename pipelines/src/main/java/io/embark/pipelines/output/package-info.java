/**
 * What a run leaves behind: an output directory committed atomically ({@link io.embark.pipelines.output.RunDirectory}),
 * metrics as JSON and training curves as a PNG picture ({@link io.embark.pipelines.output.RunReport}). The curves are
 * described with {@link io.embark.pipelines.output.CurvePlot}: one or more
 * {@link io.embark.pipelines.output.CurvePanel panels} (linear or log-scale y axis) sharing an epoch or step axis,
 * with dashed baselines, rendered with JFreeChart into an image in memory, so no display is needed.
 */
package io.embark.pipelines.output;
