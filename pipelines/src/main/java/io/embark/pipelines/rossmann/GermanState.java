package io.embark.pipelines.rossmann;

import java.util.Arrays;
import java.util.Optional;

/**
 * The German states as the Rossmann tables code them, with the names of their weather and Google-trend files.
 * Niedersachsen and Bremen share one code, {@code HB,NI}, in {@code store_states.csv}; its weather is
 * {@code Niedersachsen.csv} and its trend {@code Rossmann_DE_NI.csv}. Brandenburg, Bremen and
 * Mecklenburg-Vorpommern have no trend file in the source (no store is in them).
 */
public enum GermanState {
    /** Baden-Württemberg. */
    BW("BW", "BadenWuerttemberg", "BW"),
    /** Bayern. */
    BY("BY", "Bayern", "BY"),
    /** Berlin. */
    BE("BE", "Berlin", "BE"),
    /** Brandenburg. */
    BB("BB", "Brandenburg", "BB"),
    /** Bremen on its own (the store table codes Bremen's stores with Niedersachsen as {@code HB,NI}). */
    HB("HB", "Bremen", "HB"),
    /** Hamburg. */
    HH("HH", "Hamburg", "HH"),
    /** Hessen. */
    HE("HE", "Hessen", "HE"),
    /** Mecklenburg-Vorpommern. */
    MV("MV", "MecklenburgVorpommern", "MV"),
    /** Niedersachsen with Bremen, coded {@code HB,NI}. */
    HB_NI("HB,NI", "Niedersachsen", "NI"),
    /** Nordrhein-Westfalen. */
    NW("NW", "NordrheinWestfalen", "NW"),
    /** Rheinland-Pfalz. */
    RP("RP", "RheinlandPfalz", "RP"),
    /** Saarland. */
    SL("SL", "Saarland", "SL"),
    /** Sachsen. */
    SN("SN", "Sachsen", "SN"),
    /** Sachsen-Anhalt. */
    ST("ST", "SachsenAnhalt", "ST"),
    /** Schleswig-Holstein. */
    SH("SH", "SchleswigHolstein", "SH"),
    /** Thüringen. */
    TH("TH", "Thueringen", "TH");

    private final String code;
    private final String weatherName;
    private final String trendCode;

    GermanState(String code, String weatherName, String trendCode) {
        this.code = code;
        this.weatherName = weatherName;
        this.trendCode = trendCode;
    }

    /** The code used in {@code store_states.csv} ({@code HB,NI} for Niedersachsen). */
    public String code() {
        return code;
    }

    /** The weather file, relative to the tables' directory: {@code weather/<Name>.csv}. */
    public String weatherFile() {
        return "weather/" + weatherName + ".csv";
    }

    /** The Google-trend file, relative to the tables' directory: {@code googletrend/Rossmann_DE_<XX>.csv}. */
    public String trendFile() {
        return "googletrend/Rossmann_DE_" + trendCode + ".csv";
    }

    /** The state with this {@code store_states.csv} code, if any. */
    public static Optional<GermanState> ofCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }
}
