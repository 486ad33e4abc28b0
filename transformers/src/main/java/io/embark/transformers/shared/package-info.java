/**
 * Helpers shared by every embark stage: schema validation with messages that name the column, the expected type
 * and the actual type, in the manner of Spark ML's own {@code SchemaUtils}.
 */
package io.embark.transformers.shared;
