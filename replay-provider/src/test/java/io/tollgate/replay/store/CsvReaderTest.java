package io.tollgate.replay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaks() throws IOException {
        CsvReader csv = new CsvReader(new StringReader("a,\"b,1\",\"say \"\"hi\"\"\nnext line\",\r\nx,,\"\"\n"));
        assertEquals(List.of("a", "b,1", "say \"hi\"\nnext line", ""), csv.next());
        assertEquals(List.of("x", "", ""), csv.next());
        assertNull(csv.next());
    }

    @Test
    void lastRecordWithoutNewlineIsRead() throws IOException {
        CsvReader csv = new CsvReader(new StringReader("1,2"));
        assertEquals(List.of("1", "2"), csv.next());
        assertNull(csv.next());
    }

    @Test
    void unterminatedQuoteIsAnError() {
        CsvReader csv = new CsvReader(new StringReader("a,\"open"));
        assertThrows(IOException.class, csv::next);
    }
}
