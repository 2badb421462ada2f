package io.tollgate.common.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;

import io.tollgate.contracts.ledger.v1.CostEvent;

/**
 * The appender's durable outbox: an append-only log of length-delimited {@link CostEvent}s in segment files
 * {@code seg-<seq>.log} under one folder (locked by {@code outbox.lock}: one process per folder).
 *
 * <p>Durability: {@link #append} returns after {@code write(2)}, i.e. the event is in the page cache and survives the
 * process being killed (kill -9, OOM). A machine crash may lose the last un-synced pages unless {@code fsync} is on,
 * which forces every append to disk (slow: one fsync per event on the request path).
 *
 * <p>Delivery: the sender takes batches in log order ({@link #nextBatch}), never across a segment boundary, and calls
 * {@link #acknowledge} once the ledger has answered; a fully acknowledged segment is deleted. A crash between the
 * answer and the delete re-sends that batch on the next start, which the ledger de-duplicates by event id: exactly
 * once in the ledger, at least once on the wire.
 *
 * <p>Threading: any thread may {@link #append}; only the sender thread calls {@link #nextBatch} and
 * {@link #acknowledge}. All segment bookkeeping is guarded by {@code this}; file reads happen outside the lock on
 * bytes that are already written (a reader never sees past {@code Segment.bytes}).
 */
final class DiskOutbox implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DiskOutbox.class);
    /** Largest event accepted: far above a real cost event (~200 bytes), small enough to read in one buffer. */
    static final int MAX_EVENT_BYTES = 1 << 20;
    /** Most bytes the sender reads per batch; a batch of 512 realistic events is ~100 KiB. */
    private static final int READ_CHUNK = 4 << 20;

    private static final class Segment {
        final long seq;
        final Path path;
        long bytes;
        int events;

        Segment(long seq, Path path) {
            this.seq = seq;
            this.path = path;
        }
    }

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final boolean fsync;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private Segment active;
    private FileChannel activeChannel;
    private long nextSeq;
    private long totalBytes;
    private boolean closed;
    // sender-thread state: position in the first segment and the batch in flight
    private long readPos;
    private int readEvents;
    /**
     * How many unread events of the first segment wake the sender from {@link #nextBatch}'s wait: 1 while it waits
     * for a first event, its {@code maxBatch} while it waits out {@code maxDelay}. Appends below it do not wake it, so
     * a batch of n events costs the sender about one wake-up rather than n.
     */
    private int wakeAt = 1;
    private long pendingEnd;
    private int pendingEvents;
    private Segment pendingSegment;

    DiskOutbox(Path dir, long maxBytes, long segmentBytes, boolean fsync) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
        Files.createDirectories(dir);
        this.lockChannel = FileChannel.open(dir.resolve("outbox.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new IOException("ledger outbox " + dir + " is used by another process: give each instance its own"
                    + " folder (tollgate.ledger-appender.outbox-dir)");
        }
        this.lock = l;
        recover();
    }

    /** Counts what earlier runs left; cuts a torn last record (a crash inside write) off its segment. */
    private void recover() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("seg-\\d{20}\\.log")).sorted().toList();
        }
        for (Path p : files) {
            String name = p.getFileName().toString();
            Segment seg = new Segment(Long.parseLong(name.substring(4, 24)), p);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = ch.size();
                long pos = 0;
                while (pos < size) {
                    int n = (int) Math.min(READ_CHUNK, size - pos);
                    ByteBuffer buf = ByteBuffer.allocate(n);
                    ch.read(buf, pos);
                    Parsed parsed = parse(buf.array(), n, Integer.MAX_VALUE);
                    if (parsed.bytes == 0) {
                        break;
                    }
                    pos += parsed.bytes;
                    seg.events += parsed.events.size();
                }
                if (pos < size) {
                    LOG.errorf("ledger outbox %s: cut a torn record at byte %d of %d", p, pos, size);
                    ch.truncate(pos);
                }
                seg.bytes = pos;
            }
            if (seg.events == 0) {
                Files.deleteIfExists(p);
                continue;
            }
            segments.put(seg.seq, seg);
            totalBytes += seg.bytes;
            nextSeq = seg.seq + 1;
        }
        if (!segments.isEmpty()) {
            LOG.infof("ledger outbox %s: %d events in %d segments to send from an earlier run", dir, pendingCount(),
                    segments.size());
        }
    }

    /** Writes one event to the log (page cache); false when the outbox is full or closed. */
    boolean append(CostEvent event) throws IOException {
        int size = event.getSerializedSize();
        if (size > MAX_EVENT_BYTES) {
            throw new IOException("cost event of " + size + " bytes exceeds the outbox limit of " + MAX_EVENT_BYTES);
        }
        byte[] record = new byte[CodedOutputStream.computeUInt32SizeNoTag(size) + size];
        CodedOutputStream out = CodedOutputStream.newInstance(record);
        out.writeUInt32NoTag(size);
        event.writeTo(out);
        synchronized (this) {
            if (closed || totalBytes + record.length > maxBytes) {
                return false;
            }
            boolean rolled = false;
            if (active == null || active.bytes >= segmentBytes) {
                roll();
                rolled = true;
            }
            ByteBuffer buf = ByteBuffer.wrap(record);
            while (buf.hasRemaining()) {
                activeChannel.write(buf);
            }
            if (fsync) {
                activeChannel.force(false);
            }
            active.bytes += record.length;
            active.events++;
            totalBytes += record.length;
            // a sealed segment is sendable at once; otherwise only the count the sender waits for matters
            if (rolled || segments.firstEntry().getValue().events - readEvents >= wakeAt) {
                notifyAll();
            }
            return true;
        }
    }

    private void roll() throws IOException {
        if (activeChannel != null) {
            activeChannel.close();
        }
        Segment seg = new Segment(nextSeq++, dir.resolve(String.format("seg-%020d.log", nextSeq - 1)));
        activeChannel = FileChannel.open(seg.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        active = seg;
        segments.put(seg.seq, seg);
    }

    /**
     * The next batch in log order: waits until {@code maxBatch} events are there, or some are and {@code maxDelay}
     * has passed since the first was seen; returns an empty list after {@code idleWaitNanos} with nothing to send.
     * The batch stays in the outbox until {@link #acknowledge}.
     */
    List<CostEvent> nextBatch(int maxBatch, long maxDelayNanos, long idleWaitNanos) throws InterruptedException, IOException {
        Segment seg;
        long from;
        long to;
        int want;
        synchronized (this) {
            long start = System.nanoTime();
            long deadline = 0;
            while (true) {
                seg = segments.isEmpty() ? null : segments.firstEntry().getValue();
                int available = seg == null ? 0 : seg.events - readEvents;
                boolean sealed = seg != null && seg != active;
                if (available > 0 && (available >= maxBatch || sealed
                        || (deadline != 0 && System.nanoTime() - deadline >= 0))) {
                    want = Math.min(available, maxBatch);
                    break;
                }
                if (available > 0 && deadline == 0) {
                    deadline = System.nanoTime() + maxDelayNanos;
                }
                long now = System.nanoTime();
                long left = deadline != 0 ? deadline - now : idleWaitNanos - (now - start);
                if (left <= 0 && deadline == 0) {
                    return List.of();
                }
                if (closed) {
                    return List.of();
                }
                if (left > 0) {
                    wakeAt = available == 0 ? 1 : maxBatch;
                    wait(Math.max(1, left / 1_000_000), 0);
                }
            }
            from = readPos;
            to = seg.bytes;
        }
        int n = (int) Math.min(READ_CHUNK, to - from);
        ByteBuffer buf = ByteBuffer.allocate(n);
        try (FileChannel ch = FileChannel.open(seg.path, StandardOpenOption.READ)) {
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) >= 0) {
                // read until the chunk is full: the bytes below seg.bytes are all written
            }
        }
        Parsed parsed = parse(buf.array(), buf.position(), want);
        if (parsed.events.isEmpty()) {
            // unreadable bytes where whole records must be: skip the rest of this segment rather than stall
            LOG.errorf("ledger outbox %s: unreadable record at byte %d; dropping the rest of the segment", seg.path, from);
            synchronized (this) {
                pendingSegment = seg;
                pendingEnd = seg.bytes;
                pendingEvents = seg.events - readEvents;
            }
            acknowledge();
            return List.of();
        }
        pendingSegment = seg;
        pendingEnd = from + parsed.bytes;
        pendingEvents = parsed.events.size();
        return parsed.events;
    }

    /** The batch last returned by {@link #nextBatch} reached the ledger: forget it, delete a finished segment. */
    synchronized void acknowledge() throws IOException {
        if (pendingSegment == null) {
            return;
        }
        Segment seg = pendingSegment;
        pendingSegment = null;
        readPos = pendingEnd;
        readEvents += pendingEvents;
        if (readEvents < seg.events) {
            return;
        }
        if (seg == active) {
            // the writer is idle at this point (all it wrote is sent): start a fresh segment on its next write
            activeChannel.close();
            activeChannel = null;
            active = null;
        }
        segments.remove(seg.seq);
        totalBytes -= seg.bytes;
        readPos = 0;
        readEvents = 0;
        Files.deleteIfExists(seg.path);
    }

    synchronized long bytes() {
        return totalBytes;
    }

    /** Events written and not yet acknowledged. */
    synchronized long pendingCount() {
        long n = -readEvents;
        for (Segment s : segments.values()) {
            n += s.events;
        }
        return n;
    }

    Path dir() {
        return dir;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        notifyAll();
        if (activeChannel != null) {
            if (fsync) {
                activeChannel.force(false);
            }
            activeChannel.close();
        }
        lock.release();
        lockChannel.close();
    }

    private record Parsed(List<CostEvent> events, int bytes) {
    }

    /** Up to {@code max} whole records from the start of {@code data}; a record cut by the chunk end is left. */
    private static Parsed parse(byte[] data, int length, int max) throws IOException {
        List<CostEvent> events = new ArrayList<>();
        int pos = 0;
        while (events.size() < max && pos < length) {
            CodedInputStream in = CodedInputStream.newInstance(data, pos, length - pos);
            int size;
            try {
                size = in.readUInt32();
            } catch (IOException e) {
                break; // length prefix cut by the chunk end
            }
            int header = in.getTotalBytesRead();
            if (size < 0 || size > MAX_EVENT_BYTES || pos + header + size > length) {
                break;
            }
            try {
                events.add(CostEvent.parseFrom(ByteBuffer.wrap(data, pos + header, size)));
            } catch (IOException e) {
                break; // a torn record: recovery cuts it off
            }
            pos += header + size;
        }
        return new Parsed(events, pos);
    }
}
