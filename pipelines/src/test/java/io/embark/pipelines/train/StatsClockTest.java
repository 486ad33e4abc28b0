package io.embark.pipelines.train;

import org.deeplearning4j.spark.time.SystemClockTimeSource;
import org.deeplearning4j.spark.time.TimeSourceProvider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsClockTest {

    @Test
    void theTestJvmRunsWithTheFlagsOfConfJvmProperties() {
        // surefire's argLine is spark.jvm.flags, read from conf/jvm.properties by the root pom
        assertEquals(SystemClockTimeSource.class.getName(),
                System.getProperty(TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY));
        assertEquals("true", System.getProperty("java.awt.headless"));
        assertDoesNotThrow(() -> ParameterAveragingTrainer.requireWallClockForStats(
                System.getProperty(TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY)));
    }

    @Test
    void collectingStatsWithDl4jsNtpClockIsRefusedWithTheFlagToSet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterAveragingTrainer.requireWallClockForStats(null));
        assertTrue(e.getMessage().contains("-D" + TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY + "="
                + SystemClockTimeSource.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("training.collect-stats"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ParameterAveragingTrainer.requireWallClockForStats(" "));
    }
}
