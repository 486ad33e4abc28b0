/** Helpers shared by the pipelines module's tests (generated input bytes for the readers' fuzz tests). */
package io.embark.pipelines.testing;
