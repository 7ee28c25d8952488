package br.com.etlvendas.load.lake;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where the lake stands on one Kafka partition: the next offset to write, and the batch being written, if
 * any. An open intent means its files may be there in part, so the batch [first, last] must be written again
 * under the same names before anything after it. {@code owner} names the writer instance that declared the
 * intent, so a writer that lost the partition meanwhile does not overwrite its successor's state.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LakeState(long nextOffset, Intent intent) {

    record Intent(long firstOffset, long lastOffset, String owner) {
        Intent {
            if (firstOffset < 0 || lastOffset < firstOffset) {
                throw new IllegalArgumentException("a batch covers offsets first <= last, got [" + firstOffset + ", " + lastOffset + "]");
            }
        }
    }

    /** Everything before {@code nextOffset} is in the lake; nothing is being written. */
    static LakeState committed(long nextOffset) {
        return new LakeState(nextOffset, null);
    }

    /** The batch [first, last] is being written by {@code owner}. */
    static LakeState writing(long first, long last, String owner) {
        return new LakeState(first, new Intent(first, last, owner));
    }

    boolean hasIntent() {
        return intent != null;
    }
}
