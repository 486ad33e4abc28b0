package io.embark.pipelines.rossmann;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromoCalendarTest {
    @Test
    void promoRunsMondayToFridayEveryOtherWeek() {
        LocalDate monday = LocalDate.of(2015, 7, 20);
        for (int i = 0; i < 5; i++) {
            assertTrue(PromoCalendar.promo(monday.plusDays(i)));
            assertFalse(PromoCalendar.promo(monday.plusDays(7 + i)));
        }
        assertFalse(PromoCalendar.promo(monday.plusDays(5)));
        assertFalse(PromoCalendar.promo(monday.plusDays(6)));
        long days = 0;
        for (LocalDate d = LocalDate.of(2013, 1, 1); !d.isAfter(LocalDate.of(2015, 7, 31)); d = d.plusDays(1)) {
            days += PromoCalendar.promo(d) ? 1 : 0;
        }
        assertEquals(942 * 5 / 14.0, days, 5, "5 promo days in 14");
    }

    @Test
    void promo2StartsOnTheMondayOfItsIsoWeekAndRunsInItsMonths() {
        assertEquals(LocalDate.of(2010, 3, 29), PromoCalendar.promo2Start(13, 2010));
        assertEquals(LocalDate.of(2012, 1, 2), PromoCalendar.promo2Start(1, 2012));
        assertEquals(LocalDate.of(2014, 12, 29), PromoCalendar.promo2Start(1, 2015));
        int mask = PromoCalendar.monthMask("Mar,Jun,Sept,Dec");
        assertEquals((1 << 2) | (1 << 5) | (1 << 8) | (1 << 11), mask);
        assertEquals(0, PromoCalendar.monthMask(""));
        LocalDate start = LocalDate.of(2013, 6, 10);
        assertFalse(PromoCalendar.promo2Active(LocalDate.of(2013, 6, 9), start, mask), "before start");
        assertTrue(PromoCalendar.promo2Active(LocalDate.of(2013, 6, 10), start, mask));
        assertFalse(PromoCalendar.promo2Active(LocalDate.of(2013, 7, 10), start, mask), "July is not in the interval");
        assertTrue(PromoCalendar.promo2Active(LocalDate.of(2014, 9, 1), start, mask));
        assertFalse(PromoCalendar.promo2Active(LocalDate.of(2014, 9, 1), null, mask), "no Promo2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromoCalendar.monthMask("Jan,Sep"));
        assertTrue(e.getMessage().contains("'Sep'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PromoCalendar.promo2Start(54, 2013));
    }
}
