package io.embark.pipelines.rossmann;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * German public and school holidays per state for 2013–2015, coded as the competition codes them.
 *
 * <p><b>Public holidays</b> are computed, not tabulated: Easter Sunday by the anonymous Gregorian computus, and
 * from it Good Friday (E−2) and Easter Monday (E+1), coded {@code b}; Ascension (E+39), Whit Monday (E+50) and
 * Corpus Christi (E+60, in BW, BY, HE, NW, RP, SL), coded {@code a}; the fixed days New Year, Labour Day (1 May),
 * German Unity (3 Oct), coded {@code a}; Christmas Day and Boxing Day, coded {@code c}; and the state-specific
 * fixed days Epiphany (6 Jan: BW, BY, ST), Assumption (15 Aug: BY, SL), Reformation Day (31 Oct: BB, MV, SN, ST,
 * TH), All Saints' (1 Nov: BW, BY, NW, RP, SL) and Repentance Day (the Wednesday before 23 Nov: SN), coded
 * {@code a}. Every other day is {@code "0"}. Holidays that only some municipalities keep (Corpus Christi in parts
 * of SN and TH, Assumption in Catholic Bavaria) are taken state-wide, as the competition's data does for Bavaria.
 *
 * <p><b>School holidays are approximations</b>, plausible blocks rather than the official KMK dates: the summer
 * holidays are the published dates per state and year as recalled by the author (the 2015 ends agree with the
 * competition's {@code test.csv} for the states it covers; 2013 and 2014 are unverified); Easter is two weeks
 * from the Monday of Holy Week (E−6 .. E+6) everywhere; Whitsun (E+51 .. E+61) in BW and BY; a winter week (ISO
 * week 7) in BY, BE, BB, MV, SL, SN, ST, TH; autumn one or two weeks in October or around 1 November, staggered
 * by state; Christmas 23 Dec .. 4 Jan everywhere. As in the source data, weekends inside a block are flagged only
 * in HE and HB,NI ({@code test.csv} flags Saturdays and Sundays there and nowhere else).
 */
public final class RossmannCalendar {
    /** The first year the calendar covers. */
    public static final int FIRST_YEAR = 2013;
    /** The last year the calendar covers. */
    public static final int LAST_YEAR = 2015;
    /** No holiday. */
    public static final String NONE = "0";
    /** A public holiday other than Easter and Christmas. */
    public static final String PUBLIC = "a";
    /** Good Friday or Easter Monday. */
    public static final String EASTER = "b";
    /** Christmas Day or Boxing Day. */
    public static final String CHRISTMAS = "c";

    private static final Set<GermanState> EPIPHANY = EnumSet.of(GermanState.BW, GermanState.BY, GermanState.ST);
    private static final Set<GermanState> CORPUS_CHRISTI = EnumSet.of(GermanState.BW, GermanState.BY,
            GermanState.HE, GermanState.NW, GermanState.RP, GermanState.SL);
    private static final Set<GermanState> ASSUMPTION = EnumSet.of(GermanState.BY, GermanState.SL);
    private static final Set<GermanState> REFORMATION = EnumSet.of(GermanState.BB, GermanState.MV, GermanState.SN,
            GermanState.ST, GermanState.TH);
    private static final Set<GermanState> ALL_SAINTS = EnumSet.of(GermanState.BW, GermanState.BY, GermanState.NW,
            GermanState.RP, GermanState.SL);
    private static final Set<GermanState> REPENTANCE = EnumSet.of(GermanState.SN);

    private static final Set<GermanState> WEEKENDS_FLAGGED = EnumSet.of(GermanState.HE, GermanState.HB_NI);
    private static final Set<GermanState> WHITSUN = EnumSet.of(GermanState.BW, GermanState.BY);
    private static final Set<GermanState> WINTER = EnumSet.of(GermanState.BY, GermanState.BE, GermanState.BB,
            GermanState.MV, GermanState.SL, GermanState.SN, GermanState.ST, GermanState.TH);
    private static final int WINTER_ISO_WEEK = 7;

    /** Summer holidays: per state, {start, end} as "MM-dd" for 2013, 2014, 2015. */
    private static final Map<GermanState, String[][]> SUMMER = new EnumMap<>(GermanState.class);
    /** Autumn holidays: per state, {ISO week of the first Monday, number of weeks}. */
    private static final Map<GermanState, int[]> AUTUMN = new EnumMap<>(GermanState.class);

    static {
        summer(GermanState.BW, "07-25", "09-07", "07-31", "09-13", "07-30", "09-12");
        summer(GermanState.BY, "07-31", "09-11", "07-30", "09-15", "08-01", "09-14");
        summer(GermanState.BE, "06-20", "08-02", "07-09", "08-22", "07-15", "08-28");
        summer(GermanState.BB, "06-20", "08-02", "07-10", "08-22", "07-16", "08-28");
        summer(GermanState.HB, "06-27", "08-07", "07-31", "09-10", "07-23", "09-02");
        summer(GermanState.HH, "06-20", "07-31", "07-10", "08-20", "07-16", "08-26");
        summer(GermanState.HE, "07-08", "08-16", "07-28", "09-05", "07-27", "09-04");
        summer(GermanState.MV, "06-22", "08-03", "07-14", "08-23", "07-20", "08-29");
        summer(GermanState.HB_NI, "06-27", "08-07", "07-31", "09-10", "07-23", "09-02");
        summer(GermanState.NW, "07-22", "09-03", "07-07", "08-19", "06-29", "08-11");
        summer(GermanState.RP, "07-08", "08-16", "07-28", "09-05", "07-27", "09-04");
        summer(GermanState.SL, "07-08", "08-17", "07-28", "09-05", "07-27", "09-05");
        summer(GermanState.SN, "07-15", "08-23", "07-21", "08-29", "07-13", "08-21");
        summer(GermanState.ST, "07-15", "08-28", "07-21", "09-03", "07-13", "08-26");
        summer(GermanState.SH, "06-24", "08-03", "07-14", "08-23", "07-20", "08-29");
        summer(GermanState.TH, "07-15", "08-23", "07-21", "08-29", "07-13", "08-21");
        autumn(GermanState.BW, 44, 1);
        autumn(GermanState.BY, 44, 1);
        autumn(GermanState.BE, 40, 2);
        autumn(GermanState.BB, 40, 2);
        autumn(GermanState.HB, 42, 2);
        autumn(GermanState.HH, 40, 2);
        autumn(GermanState.HE, 41, 2);
        autumn(GermanState.MV, 42, 1);
        autumn(GermanState.HB_NI, 42, 2);
        autumn(GermanState.NW, 42, 2);
        autumn(GermanState.RP, 41, 2);
        autumn(GermanState.SL, 42, 2);
        autumn(GermanState.SN, 42, 2);
        autumn(GermanState.ST, 42, 1);
        autumn(GermanState.SH, 42, 2);
        autumn(GermanState.TH, 41, 2);
    }

    private RossmannCalendar() {
    }

    /** Easter Sunday of {@code year} (Gregorian calendar; anonymous computus, Meeus/Jones/Butcher). */
    public static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }

    /**
     * The competition's StateHoliday code of {@code date} in {@code state}: {@code "a"}, {@code "b"}, {@code "c"}
     * or {@code "0"}.
     *
     * @throws IllegalArgumentException for a date outside {@link #FIRST_YEAR} .. {@link #LAST_YEAR}
     */
    public static String stateHoliday(GermanState state, LocalDate date) {
        checkYear(date);
        int year = date.getYear();
        LocalDate easter = easterSunday(year);
        long fromEaster = easter.until(date, ChronoUnit.DAYS);
        if (fromEaster == -2 || fromEaster == 1) {
            return EASTER;
        }
        if (fromEaster == 39 || fromEaster == 50 || (fromEaster == 60 && CORPUS_CHRISTI.contains(state))) {
            return PUBLIC;
        }
        int m = date.getMonthValue();
        int d = date.getDayOfMonth();
        if (m == 12 && (d == 25 || d == 26)) {
            return CHRISTMAS;
        }
        boolean fixed = (m == 1 && d == 1) || (m == 5 && d == 1) || (m == 10 && d == 3)
                || (m == 1 && d == 6 && EPIPHANY.contains(state))
                || (m == 8 && d == 15 && ASSUMPTION.contains(state))
                || (m == 10 && d == 31 && REFORMATION.contains(state))
                || (m == 11 && d == 1 && ALL_SAINTS.contains(state))
                || (date.equals(repentanceDay(year)) && REPENTANCE.contains(state));
        return fixed ? PUBLIC : NONE;
    }

    /**
     * Whether {@code date} is a school holiday in {@code state} (approximate blocks, see the class comment).
     *
     * @throws IllegalArgumentException for a date outside {@link #FIRST_YEAR} .. {@link #LAST_YEAR}
     */
    public static boolean schoolHoliday(GermanState state, LocalDate date) {
        checkYear(date);
        DayOfWeek dow = date.getDayOfWeek();
        if ((dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) && !WEEKENDS_FLAGGED.contains(state)) {
            return false;
        }
        for (LocalDate[] block : schoolBlocks(state, date.getYear())) {
            if (!date.isBefore(block[0]) && !date.isAfter(block[1])) {
                return true;
            }
        }
        return false;
    }

    /** Buß- und Bettag: the Wednesday before 23 November. */
    static LocalDate repentanceDay(int year) {
        return LocalDate.of(year, Month.NOVEMBER, 22).with(TemporalAdjusters.previousOrSame(DayOfWeek.WEDNESDAY));
    }

    private static List<LocalDate[]> schoolBlocks(GermanState state, int year) {
        List<LocalDate[]> blocks = new ArrayList<>();
        String[] summer = SUMMER.get(state)[year - FIRST_YEAR];
        blocks.add(new LocalDate[] {LocalDate.parse(year + "-" + summer[0]), LocalDate.parse(year + "-" + summer[1])});
        LocalDate easter = easterSunday(year);
        blocks.add(new LocalDate[] {easter.minusDays(6), easter.plusDays(6)});
        if (WHITSUN.contains(state)) {
            blocks.add(new LocalDate[] {easter.plusDays(51), easter.plusDays(61)});
        }
        if (WINTER.contains(state)) {
            LocalDate monday = isoWeekMonday(year, WINTER_ISO_WEEK);
            blocks.add(new LocalDate[] {monday, monday.plusDays(6)});
        }
        int[] autumn = AUTUMN.get(state);
        LocalDate autumnStart = isoWeekMonday(year, autumn[0]);
        blocks.add(new LocalDate[] {autumnStart, autumnStart.plusDays(7L * autumn[1] - 1)});
        blocks.add(new LocalDate[] {LocalDate.of(year - 1, 12, 23), LocalDate.of(year, 1, 4)});
        blocks.add(new LocalDate[] {LocalDate.of(year, 12, 23), LocalDate.of(year + 1, 1, 4)});
        return blocks;
    }

    private static LocalDate isoWeekMonday(int year, int week) {
        return LocalDate.of(year, 6, 1).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static void checkYear(LocalDate date) {
        if (date.getYear() < FIRST_YEAR || date.getYear() > LAST_YEAR) {
            throw new IllegalArgumentException("the Rossmann holiday calendar covers " + FIRST_YEAR + ".." + LAST_YEAR
                    + " only, got " + date);
        }
    }

    private static void summer(GermanState s, String... startEndPerYear) {
        SUMMER.put(s, new String[][] {
            {startEndPerYear[0], startEndPerYear[1]},
            {startEndPerYear[2], startEndPerYear[3]},
            {startEndPerYear[4], startEndPerYear[5]}});
    }

    private static void autumn(GermanState s, int isoWeek, int weeks) {
        AUTUMN.put(s, new int[] {isoWeek, weeks});
    }
}
