package org.shnn.memory.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The shared tier of a pool's free blocks: one Treiber stack (a lock-free LIFO, Treiber 1986) per
 * size class, of heap nodes naming a block by chunk and offset.
 *
 * <p>ABA: a node is pushed exactly once and dropped once popped ({@link #push} makes a new node every
 * time), so the garbage collector guarantees that a node a thread still holds is never pushed back;
 * a head the CAS expects therefore cannot have been popped and pushed again in between, and a plain
 * compare-and-set on the head suffices, with no stamp or tag.
 *
 * <p>False sharing: the class heads sit {@value #HEAD_STRIDE} array slots apart (128 bytes or more).
 *
 * <p>Thread-safety: lock-free; any thread may push and pop.
 */
final class FreeLists {

    private static final int HEAD_STRIDE = 32;
    private static final VarHandle HEADS = MethodHandles.arrayElementVarHandle(Node[].class);

    private final Node[] heads = new Node[SizeClasses.COUNT * HEAD_STRIDE];

    /** A free block: {@code offset} bytes into {@code chunk}. Pushed once, never reused. */
    static final class Node {
        final Chunk chunk;
        final int offset;
        /** Whether the block was never handed out: cut from a chunk's untouched end, its bytes still zero. */
        final boolean fresh;
        Node next; // written before the push's CAS publishes the node, never after

        Node(Chunk chunk, int offset) {
            this(chunk, offset, false);
        }

        Node(Chunk chunk, int offset, boolean fresh) {
            this.chunk = chunk;
            this.offset = offset;
            this.fresh = fresh;
        }
    }

    /** Pops a free block of {@code sizeClass}, or null if there is none. */
    Node pop(int sizeClass) {
        int slot = sizeClass * HEAD_STRIDE;
        Node head;
        do {
            // volatile read: pairs with the push CAS, so head.next and the block's last writes are visible
            head = (Node) HEADS.getVolatile(heads, slot);
            if (head == null) {
                return null;
            }
            // CAS: succeeds only if head is still on top; no ABA since a popped node is never pushed again
        } while (!HEADS.compareAndSet(heads, slot, head, head.next));
        return head;
    }

    /** Pushes the free block of {@code sizeClass} at {@code offset} in {@code chunk}. */
    void push(int sizeClass, Chunk chunk, int offset) {
        Node node = new Node(chunk, offset);
        int slot = sizeClass * HEAD_STRIDE;
        Node head;
        do {
            head = (Node) HEADS.getVolatile(heads, slot); // volatile read: the current top
            node.next = head; // plain: published by the CAS below
        } while (!HEADS.compareAndSet(heads, slot, head, node)); // CAS (volatile): publishes node and its block's contents
    }
}
