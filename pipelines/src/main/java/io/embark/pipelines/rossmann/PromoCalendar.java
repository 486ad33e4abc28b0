package io.embark.pipelines.rossmann;

import org.apache.spark.sql.Column;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.call_function;

/**
 * When stores run promotions.
 *
 * <p><b>Promo</b> (the chain-wide promotion) runs Monday to Friday every other week, the same days for every
 * store, as in the competition's data: the alternation is anchored on the promo week starting
 * {@link #PROMO_ANCHOR} (2015-08-03), so this calendar reproduces {@code test.csv}'s Promo column exactly and
 * extends it back to 2013 without the real training period's occasional irregular weeks.
 *
 * <p><b>Promo2</b> (a store's continuing promotion) is active in the months named by the store's
 * {@code PromoInterval} (e.g. {@code "Jan,Apr,Jul,Oct"}) from the Monday of ISO week {@code Promo2SinceWeek} of
 * {@code Promo2SinceYear} on; never for stores with {@code Promo2 = 0}. The months are carried as a bit mask
 * (bit {@code m-1} for month {@code m}).
 */
public final class PromoCalendar {
    /** The Monday of a promo week in the competition's test period; every 14th day from it starts one. */
    public static final LocalDate PROMO_ANCHOR = LocalDate.of(2015, 8, 3);
    /** PromoInterval month names in the order of their months, as {@code store.csv} spells them. */
    public static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
            "Sept", "Oct", "Nov", "Dec");

    private PromoCalendar() {
    }

    /** Whether the chain-wide promotion runs on {@code date}. */
    public static boolean promo(LocalDate date) {
        if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
            return false;
        }
        LocalDate monday = date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        long weeks = ChronoUnit.WEEKS.between(PROMO_ANCHOR, monday);
        return Math.floorMod(weeks, 2) == 0;
    }

    /** The first day of Promo2: the Monday of ISO week {@code week} of {@code year}. */
    public static LocalDate promo2Start(int week, int year) {
        if (week < 1 || week > 53) {
            throw new IllegalArgumentException("Promo2SinceWeek must be in 1..53, got " + week);
        }
        return LocalDate.of(year, 6, 1).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /**
     * The month mask of a PromoInterval such as {@code "Feb,May,Aug,Nov"}; 0 for null or empty.
     *
     * @throws IllegalArgumentException naming an unknown month
     */
    public static int monthMask(String promoInterval) {
        if (promoInterval == null || promoInterval.isBlank()) {
            return 0;
        }
        int mask = 0;
        for (String name : promoInterval.split(",")) {
            int i = MONTHS.indexOf(name.trim());
            if (i < 0) {
                throw new IllegalArgumentException("unknown month '" + name.trim() + "' in PromoInterval '"
                        + promoInterval + "'; expected names from " + String.join(",", MONTHS));
            }
            mask |= 1 << i;
        }
        return mask;
    }

    /** Whether Promo2 is active on {@code date} for a store starting on {@code start} (null: never). */
    public static boolean promo2Active(LocalDate date, LocalDate start, int monthMask) {
        return start != null && !date.isBefore(start) && ((monthMask >> (date.getMonthValue() - 1)) & 1) == 1;
    }

    /** {@link #promo2Active} as a column expression; a null start gives false. */
    public static Column promo2Active(Column date, Column start, Column monthMask) {
        Column inMonth = call_function("shiftright", monthMask, month(date).minus(1)).bitwiseAND(lit(1)).equalTo(1);
        return start.isNotNull().and(date.geq(start)).and(inMonth);
    }
}
