package io.embark.pipelines.rossmann;

import io.embark.transformers.testing.LocalSpark;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RossmannCalendarTest {
    private static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Test
    void easterByComputus() {
        assertEquals(d("2013-03-31"), RossmannCalendar.easterSunday(2013));
        assertEquals(d("2014-04-20"), RossmannCalendar.easterSunday(2014));
        assertEquals(d("2015-04-05"), RossmannCalendar.easterSunday(2015));
        assertEquals(d("2019-04-21"), RossmannCalendar.easterSunday(2019));
        assertEquals(d("2000-04-23"), RossmannCalendar.easterSunday(2000));
    }

    @Test
    void holidayCodesLikeTheCompetition() {
        for (GermanState s : GermanState.values()) {
            assertEquals("c", RossmannCalendar.stateHoliday(s, d("2013-12-25")), s.code());
            assertEquals("c", RossmannCalendar.stateHoliday(s, d("2014-12-26")), s.code());
            assertEquals("b", RossmannCalendar.stateHoliday(s, d("2014-04-21")), s.code());
            assertEquals("b", RossmannCalendar.stateHoliday(s, d("2015-04-03")), s.code());
            assertEquals("a", RossmannCalendar.stateHoliday(s, d("2014-05-01")), s.code());
            assertEquals("a", RossmannCalendar.stateHoliday(s, d("2013-05-09")), "Ascension " + s.code());
            assertEquals("a", RossmannCalendar.stateHoliday(s, d("2015-05-25")), "Whit Monday " + s.code());
            assertEquals("a", RossmannCalendar.stateHoliday(s, d("2014-10-03")), s.code());
            assertEquals("0", RossmannCalendar.stateHoliday(s, d("2014-04-20")), "Easter Sunday is not coded");
            assertEquals("0", RossmannCalendar.stateHoliday(s, d("2013-12-24")), s.code());
        }
        assertEquals("a", RossmannCalendar.stateHoliday(GermanState.BY, d("2014-06-19")), "Corpus Christi BY");
        assertEquals("a", RossmannCalendar.stateHoliday(GermanState.NW, d("2014-06-19")), "Corpus Christi NW");
        assertEquals("0", RossmannCalendar.stateHoliday(GermanState.BE, d("2014-06-19")), "Corpus Christi BE");
        assertEquals("a", RossmannCalendar.stateHoliday(GermanState.ST, d("2014-01-06")), "Epiphany ST");
        assertEquals("0", RossmannCalendar.stateHoliday(GermanState.HE, d("2014-01-06")), "Epiphany HE");
        assertEquals("a", RossmannCalendar.stateHoliday(GermanState.SN, d("2013-10-31")), "Reformation SN");
        assertEquals("0", RossmannCalendar.stateHoliday(GermanState.HB_NI, d("2013-10-31")), "Reformation NI");
        assertEquals("a", RossmannCalendar.stateHoliday(GermanState.NW, d("2015-11-01")), "All Saints NW");
        assertEquals("0", RossmannCalendar.stateHoliday(GermanState.HH, d("2015-11-01")), "All Saints HH");
        assertEquals("a", RossmannCalendar.stateHoliday(GermanState.SN, d("2014-11-19")), "Repentance Day SN");
        assertEquals("0", RossmannCalendar.stateHoliday(GermanState.BY, d("2014-11-19")), "Repentance Day BY");
        assertEquals("a", RossmannCalendar.stateHoliday(GermanState.BY, d("2015-08-15")), "Assumption BY");
        assertEquals("0", RossmannCalendar.stateHoliday(GermanState.HE, d("2015-08-15")), "Assumption HE");
    }

    @Test
    void schoolHolidayBlocksAndWeekendQuirk() {
        assertTrue(RossmannCalendar.schoolHoliday(GermanState.NW, d("2015-08-11")));
        assertFalse(RossmannCalendar.schoolHoliday(GermanState.NW, d("2015-08-12")));
        assertTrue(RossmannCalendar.schoolHoliday(GermanState.BY, d("2014-08-05")));
        assertTrue(RossmannCalendar.schoolHoliday(GermanState.BE, d("2013-12-27")), "Christmas");
        assertTrue(RossmannCalendar.schoolHoliday(GermanState.BE, d("2013-01-02")), "Christmas of 2012");
        assertTrue(RossmannCalendar.schoolHoliday(GermanState.SH, d("2014-04-16")), "Easter");
        assertFalse(RossmannCalendar.schoolHoliday(GermanState.SH, d("2014-05-14")));
        assertTrue(RossmannCalendar.schoolHoliday(GermanState.HE, d("2015-08-01")), "HE flags Saturdays");
        assertFalse(RossmannCalendar.schoolHoliday(GermanState.NW, d("2015-08-01")), "NW does not");
        assertThrows(IllegalArgumentException.class, () -> RossmannCalendar.schoolHoliday(GermanState.HE, d("2016-01-04")));
        assertThrows(IllegalArgumentException.class, () -> RossmannCalendar.stateHoliday(GermanState.HE, d("2012-12-31")));
    }

    /** The competition's test calendar (2015-08-01..09-17) is real data: the calendars must reproduce it. */
    @Test
    void reproducesTheCompetitionTestCalendar() throws IOException {
        Path root = LocalSpark.repoRoot().resolve("data/rossmann");
        Map<Integer, GermanState> states = new HashMap<>();
        for (String line : Files.readAllLines(root.resolve("store_states.csv")).subList(1, 1116)) {
            int comma = line.indexOf(',');
            String code = line.substring(comma + 1).replace("\"", "");
            states.put(Integer.parseInt(line.substring(0, comma)), GermanState.ofCode(code).orElseThrow());
        }
        List<String> rows = Files.readAllLines(root.resolve("test.csv"));
        int n = 0;
        int promo = 0;
        int holiday = 0;
        int school = 0;
        for (String line : rows.subList(1, rows.size())) {
            String[] f = line.replace("\"", "").split(",");
            GermanState state = states.get(Integer.parseInt(f[1]));
            LocalDate date = d(f[3]);
            n++;
            promo += (PromoCalendar.promo(date) ? 1 : 0) == Integer.parseInt(f[5]) ? 1 : 0;
            holiday += RossmannCalendar.stateHoliday(state, date).equals(f[6]) ? 1 : 0;
            school += (RossmannCalendar.schoolHoliday(state, date) ? 1 : 0) == Integer.parseInt(f[7]) ? 1 : 0;
        }
        assertEquals(41_088, n);
        assertEquals(n, promo, "Promo");
        assertEquals(n, holiday, "StateHoliday");
        assertEquals(n, school, "SchoolHoliday");
    }
}
