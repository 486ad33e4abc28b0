/**
 * What a run leaves behind: an output directory committed atomically ({@link io.embark.pipelines.output.RunDirectory}),
 * metrics as JSON and training curves as a PNG picture ({@link io.embark.pipelines.output.CurvePlot}).
 */
package io.embark.pipelines.output;
