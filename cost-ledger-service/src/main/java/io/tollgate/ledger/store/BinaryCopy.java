package io.tollgate.ledger.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * PostgreSQL's binary {@code COPY} format, written into one growing byte array: the 19-byte header, per row a field
 * count and per field a length (-1 for NULL) and the value in the server's binary representation, then the -1
 * trailer. Only the types the ledger stores: varchar/text (UTF-8), bigint, boolean, timestamp without time zone
 * (microseconds since 2000-01-01). See the PostgreSQL manual, COPY, "Binary Format".
 */
final class BinaryCopy {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z in microseconds since the Unix epoch: PostgreSQL's timestamp origin. */
    static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    /** Writes one row's fields, in the COPY statement's column order. */
    interface RowWriter<R> {
        void write(R row, BinaryCopy out);
    }

    private byte[] buf;
    private int len;

    private BinaryCopy(int capacity) {
        buf = new byte[capacity];
    }

    /** The whole COPY payload for {@code rows}, each with {@code fields} fields. */
    static <R> byte[] encode(List<R> rows, int fields, RowWriter<R> writer) {
        BinaryCopy out = new BinaryCopy(64 + rows.size() * 512);
        out.bytes(SIGNATURE);
        out.int32(0); // flags: no OIDs
        out.int32(0); // header extension length
        for (R row : rows) {
            out.int16(fields);
            writer.write(row, out);
        }
        out.int16(-1);
        return Arrays.copyOf(out.buf, out.len);
    }

    void text(String s) {
        if (s == null) {
            int32(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int32(b.length);
        bytes(b);
    }

    void int8(Long v) {
        if (v == null) {
            int32(-1);
            return;
        }
        int32(8);
        long x = v;
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[len++] = (byte) (x >>> shift);
        }
    }

    void bool(Boolean v) {
        if (v == null) {
            int32(-1);
            return;
        }
        int32(1);
        ensure(1);
        buf[len++] = (byte) (v ? 1 : 0);
    }

    /** A timestamp given as microseconds since the Unix epoch (UTC). */
    void timestamp(long epochMicros) {
        int8(epochMicros - PG_EPOCH_MICROS);
    }

    private void int16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void int32(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
