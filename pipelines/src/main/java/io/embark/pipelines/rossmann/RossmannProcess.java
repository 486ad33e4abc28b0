package io.embark.pipelines.rossmann;

import org.apache.spark.sql.Column;

import java.sql.Date;
import java.time.LocalDate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The documented multiplicative process behind the generated Rossmann sales: every parameter is a named
 * constant here, and every factor is a column expression built here, so the formula lives in one place.
 *
 * <p>For store {@code s} on date {@code d}, when the store is open,
 * <pre>
 * ExpectedSales(s,d) = level(s) · exp(growth(s)·t) · competition(s,d)
 *                      · DAY_OF_WEEK[dow] · PROMO_UPLIFT^Promo · PROMO2_UPLIFT^Promo2Active
 *                      · MONTH[m] · CHRISTMAS_RUSH^(16..23 Dec) · SHORT_DAY^(24 or 31 Dec) · PAYDAY^(day ≤ 3 or last day)
 *                      · SCHOOL_HOLIDAY^SchoolHoliday · BEFORE_HOLIDAY^(next day a closed holiday)
 *                      · exp(−RAIN_PER_MM · min(rain mm, RAIN_CAP_MM))
 *                      · exp(−HEAT_PER_DEGREE · max(0, max °C − HEAT_FROM_C)) · SNOW^(Events has Snow)
 *                      · clamp(trend(state, week) / mean trend(state), 0.5, 1.5)^TREND_ELASTICITY
 * level(s)          = BASE_SALES · STORE_TYPE[type] · ASSORTMENT[assortment] · exp(LEVEL_SIGMA · z₁(s))
 * growth(s)         = GROWTH_MEAN + GROWTH_SIGMA · z₂(s)            (per year; t = years since 2013-01-01)
 * competition(s,d)  = 1 − COMPETITION_MAX_LOSS · exp(−distance / COMPETITION_RANGE_M) from the month the
 *                     competitor opened (unknown opening: always; unknown distance: 1)
 * Sales             = round(ExpectedSales · exp(NOISE_SIGMA · z(s,d)))
 * Customers         = round(Sales / (basket(s) · PROMO_BASKET^Promo · exp(CUSTOMER_SIGMA · z'(s,d))))
 * basket(s)         = BASKET · BASKET_TYPE[type] · BASKET_ASSORTMENT[assortment] · exp(BASKET_SIGMA · z₃(s))
 * </pre>
 * where the {@code z} are standard normal deviates made by Box–Muller from {@code xxhash64(seed, stream, store
 * [, date])}, so a row's values depend only on the seed, its store id and its date (never on partitioning), and
 * a missing weather value is neutral (factor 1). {@code ExpectedSales} is the noise-free value (the median of
 * Sales given the features, {@code exp E[log Sales]}), so predicting it on log targets gives the oracle
 * exp-RMSPE, {@code sqrt(1 − 2·exp(σ²/2) + exp(2σ²)) ≈ σ} for {@code σ = NOISE_SIGMA} (plus a little rounding).
 *
 * <p>A store is closed ({@code Open = 0}, Sales, Customers and ExpectedSales 0) on Sundays unless it is a
 * Sunday store (every type-b store, and a share {@link #SUNDAY_STORE_SHARE} of the others), on holidays coded
 * {@code a}, {@code b} or {@code c} (Sunday stores open on {@code a} holidays), and during its refurbishment: a
 * share {@link #REFURBISHED_SHARE} of the stores close once for {@link #REFURBISH_MIN_DAYS} to
 * {@link #REFURBISH_MAX_DAYS} days starting on a day drawn uniformly from 2013-01-01 .. 2015-07-31.
 *
 * <p>The constants were chosen so that the generated table looks like the competition's: mean Sales on open
 * days near 6,900 and Customers near 760, store levels spread by a factor of about 5, a promo effect of +30%, a
 * December uplift, and about 3% of stores open on Sundays.
 */
public final class RossmannProcess {
    /** Daily sales of an average type-a, assortment-a store on a neutral day. */
    public static final double BASE_SALES = 6_150;
    /** Level factor per StoreType a, b, c, d. */
    public static final double[] STORE_TYPE = {1.00, 1.55, 1.00, 0.98};
    /** Level factor per Assortment a, b, c. */
    public static final double[] ASSORTMENT = {0.94, 1.10, 1.08};
    /** Standard deviation of a store's log level around its type and assortment. */
    public static final double LEVEL_SIGMA = 0.33;
    /** Mean yearly growth of a store's log sales. */
    public static final double GROWTH_MEAN = 0.02;
    /** Standard deviation of a store's yearly growth. */
    public static final double GROWTH_SIGMA = 0.03;
    /** Largest share of sales a competitor next door takes once it opens. */
    public static final double COMPETITION_MAX_LOSS = 0.20;
    /** Distance (metres) over which a competitor's effect decays by e. */
    public static final double COMPETITION_RANGE_M = 1_500;
    /** Factor per DayOfWeek 1 = Monday .. 7 = Sunday (Sunday applies to Sunday stores only). */
    public static final double[] DAY_OF_WEEK = {1.10, 1.00, 0.96, 0.95, 1.02, 0.86, 0.95};
    /** Factor on Promo days. */
    public static final double PROMO_UPLIFT = 1.30;
    /** Factor while Promo2 is active. */
    public static final double PROMO2_UPLIFT = 1.05;
    /** Factor per month January .. December. */
    public static final double[] MONTH = {0.93, 0.95, 0.98, 0.99, 0.99, 0.99, 1.00, 0.97, 0.96, 0.98, 1.02, 1.12};
    /** Extra factor on 16 .. 23 December. */
    public static final double CHRISTMAS_RUSH = 1.25;
    /** Factor on 24 and 31 December (shops close early). */
    public static final double SHORT_DAY = 0.70;
    /** Factor on pay days: the first three days and the last day of a month. */
    public static final double PAYDAY = 1.05;
    /** Factor on school holidays. */
    public static final double SCHOOL_HOLIDAY = 1.03;
    /** Factor on the day before a holiday on which stores close. */
    public static final double BEFORE_HOLIDAY = 1.12;
    /** Loss per mm of precipitation (log scale). */
    public static final double RAIN_PER_MM = 0.004;
    /** Precipitation beyond which rain does not cost more. */
    public static final double RAIN_CAP_MM = 25;
    /** Maximum temperature (°C) from which heat costs sales. */
    public static final double HEAT_FROM_C = 28;
    /** Loss per °C above {@link #HEAT_FROM_C} (log scale). */
    public static final double HEAT_PER_DEGREE = 0.015;
    /** Factor on days whose weather events include snow. */
    public static final double SNOW = 0.95;
    /** Elasticity of sales to the state's Google-trend index relative to its mean. */
    public static final double TREND_ELASTICITY = 0.15;
    /** Standard deviation of the lognormal noise on Sales: the oracle exp-RMSPE is about this. */
    public static final double NOISE_SIGMA = 0.10;
    /** Mean sales per customer of a type-a, assortment-a store. */
    public static final double BASKET = 8.3;
    /** Basket factor per StoreType a, b, c, d (type b: many customers, small baskets). */
    public static final double[] BASKET_TYPE = {1.00, 0.55, 1.00, 1.30};
    /** Basket factor per Assortment a, b, c. */
    public static final double[] BASKET_ASSORTMENT = {0.97, 0.95, 1.05};
    /** Standard deviation of a store's log basket around its type and assortment. */
    public static final double BASKET_SIGMA = 0.12;
    /** Basket factor on Promo days (customers buy more). */
    public static final double PROMO_BASKET = 1.08;
    /** Standard deviation of the lognormal noise on a day's basket. */
    public static final double CUSTOMER_SIGMA = 0.05;
    /** Share of stores (other than type b, which all open) open on Sundays. */
    public static final double SUNDAY_STORE_SHARE = 0.015;
    /** Share of stores closed once for refurbishment. */
    public static final double REFURBISHED_SHARE = 0.10;
    /** Shortest refurbishment, days. */
    public static final int REFURBISH_MIN_DAYS = 5;
    /** Longest refurbishment, days. */
    public static final int REFURBISH_MAX_DAYS = 60;
    /** Day 0 of growth and of refurbishment draws. */
    public static final LocalDate ORIGIN = LocalDate.of(2013, 1, 1);
    /** Days from {@link #ORIGIN} over which refurbishments start (2013-01-01 .. 2015-07-31). */
    public static final int REFURBISH_WINDOW_DAYS = 942;

    // Independent streams of the hash-based random numbers.
    static final int STREAM_LEVEL = 1;
    static final int STREAM_GROWTH = 2;
    static final int STREAM_BASKET = 3;
    static final int STREAM_SUNDAY = 4;
    static final int STREAM_REFURBISH = 5;
    static final int STREAM_REFURBISH_START = 6;
    static final int STREAM_REFURBISH_LENGTH = 7;
    static final int STREAM_SALES = 8;
    static final int STREAM_CUSTOMERS = 9;

    private static final double TWO_POW_53 = 9007199254740992.0;

    private RossmannProcess() {
    }

    /** A uniform deviate in (0, 1) from the hash of the seed, the stream and the keys. */
    public static Column uniform(long seed, int stream, Column... keys) {
        Column[] all = new Column[keys.length + 2];
        all[0] = lit(seed);
        all[1] = lit(stream);
        System.arraycopy(keys, 0, all, 2, keys.length);
        return shiftrightunsigned(xxhash64(all), 11).cast("double").plus(0.5).divide(TWO_POW_53);
    }

    /** A standard normal deviate (Box–Muller on two uniform streams derived from {@code stream}). */
    public static Column gaussian(long seed, int stream, Column... keys) {
        Column u1 = uniform(seed, 2 * stream, keys);
        Column u2 = uniform(seed, 2 * stream + 1, keys);
        return sqrt(log(u1).multiply(-2)).multiply(cos(u2.multiply(2 * Math.PI)));
    }

    /** {@code level(s)}: base, store type and assortment factors and the store's lognormal jitter. */
    public static Column level(Column storeType, Column assortment, Column store, long seed) {
        return lit(BASE_SALES).multiply(byCode(storeType, STORE_TYPE)).multiply(byCode(assortment, ASSORTMENT))
                .multiply(exp(gaussian(seed, STREAM_LEVEL, store).multiply(LEVEL_SIGMA)));
    }

    /** {@code growth(s)}: the store's yearly log growth. */
    public static Column growth(Column store, long seed) {
        return lit(GROWTH_MEAN).plus(gaussian(seed, STREAM_GROWTH, store).multiply(GROWTH_SIGMA));
    }

    /** {@code basket(s)}: the store's mean sales per customer. */
    public static Column basket(Column storeType, Column assortment, Column store, long seed) {
        return lit(BASKET).multiply(byCode(storeType, BASKET_TYPE)).multiply(byCode(assortment, BASKET_ASSORTMENT))
                .multiply(exp(gaussian(seed, STREAM_BASKET, store).multiply(BASKET_SIGMA)));
    }

    /** The competition factor a store has once its competitor is open; 1 for an unknown distance. */
    public static Column competitionLoss(Column distanceMetres) {
        return coalesce(lit(1.0).minus(exp(distanceMetres.divide(-COMPETITION_RANGE_M)).multiply(COMPETITION_MAX_LOSS)),
                lit(1.0));
    }

    /** Whether the store opens on Sundays: every type-b store and a share of the others. */
    public static Column sundayStore(Column storeType, Column store, long seed) {
        return storeType.equalTo("b").or(uniform(seed, STREAM_SUNDAY, store).lt(SUNDAY_STORE_SHARE));
    }

    /** First day of the store's refurbishment, or null when it is never refurbished. */
    public static Column refurbishStart(Column store, long seed) {
        Column offset = uniform(seed, STREAM_REFURBISH_START, store).multiply(REFURBISH_WINDOW_DAYS).cast("int");
        return when(uniform(seed, STREAM_REFURBISH, store).lt(REFURBISHED_SHARE),
                date_add(lit(Date.valueOf(ORIGIN)), offset));
    }

    /** Last day of the store's refurbishment (null when never refurbished). */
    public static Column refurbishEnd(Column refurbishStart, Column store, long seed) {
        Column days = uniform(seed, STREAM_REFURBISH_LENGTH, store)
                .multiply(REFURBISH_MAX_DAYS - REFURBISH_MIN_DAYS + 1).cast("int").plus(REFURBISH_MIN_DAYS - 1);
        return date_add(refurbishStart, days);
    }

    /**
     * The factor shared by every store of a state on a date: day of week, month, Christmas, pay day, school
     * holiday, day before a holiday, weather and trend.
     *
     * @param date           the date
     * @param dayOfWeek      1 = Monday .. 7 = Sunday
     * @param schoolHoliday  0/1
     * @param beforeHoliday  whether the next day is a holiday on which stores close
     * @param precipitation  mm, null when missing
     * @param maxTemperature °C, null when missing
     * @param events         weather events, null when none
     * @param relativeTrend  the state's trend index over its mean, null when missing
     */
    public static Column dayFactor(Column date, Column dayOfWeek, Column schoolHoliday, Column beforeHoliday,
                                   Column precipitation, Column maxTemperature, Column events, Column relativeTrend) {
        Column day = dayofmonth(date);
        Column m = month(date);
        Column december = m.equalTo(12);
        Column lastDay = last_day(date).equalTo(date);
        return byIndex(dayOfWeek, DAY_OF_WEEK)
                .multiply(byIndex(m, MONTH))
                .multiply(when(december.and(day.between(16, 23)), CHRISTMAS_RUSH).otherwise(1.0))
                .multiply(when(december.and(day.equalTo(24).or(day.equalTo(31))), SHORT_DAY).otherwise(1.0))
                .multiply(when(day.leq(3).or(lastDay), PAYDAY).otherwise(1.0))
                .multiply(when(schoolHoliday.equalTo(1), SCHOOL_HOLIDAY).otherwise(1.0))
                .multiply(when(beforeHoliday, BEFORE_HOLIDAY).otherwise(1.0))
                .multiply(coalesce(exp(least(precipitation, lit(RAIN_CAP_MM)).multiply(-RAIN_PER_MM)), lit(1.0)))
                .multiply(coalesce(exp(greatest(maxTemperature.minus(HEAT_FROM_C), lit(0.0)).multiply(-HEAT_PER_DEGREE)),
                        lit(1.0)))
                .multiply(when(coalesce(events.contains("Snow"), lit(false)), SNOW).otherwise(1.0))
                .multiply(coalesce(pow(least(greatest(relativeTrend, lit(0.5)), lit(1.5)), TREND_ELASTICITY), lit(1.0)));
    }

    /** Years from {@link #ORIGIN} to {@code date}. */
    public static Column years(Column date) {
        return datediff(date, lit(Date.valueOf(ORIGIN))).divide(365.25);
    }

    /** The closed-form oracle exp-RMSPE of predicting the noise-free value under lognormal noise {@code sigma}. */
    public static double oracleRmspe(double sigma) {
        return Math.sqrt(1 - 2 * Math.exp(sigma * sigma / 2) + Math.exp(2 * sigma * sigma));
    }

    private static Column byCode(Column code, double[] factors) {
        Column c = null;
        for (int i = 0; i < factors.length; i++) {
            String letter = String.valueOf((char) ('a' + i));
            c = c == null ? when(code.equalTo(letter), factors[i]) : c.when(code.equalTo(letter), factors[i]);
        }
        return c.otherwise(1.0);
    }

    private static Column byIndex(Column oneBased, double[] factors) {
        Column c = null;
        for (int i = 0; i < factors.length; i++) {
            c = c == null ? when(oneBased.equalTo(i + 1), factors[i]) : c.when(oneBased.equalTo(i + 1), factors[i]);
        }
        return c.otherwise(1.0);
    }
}
