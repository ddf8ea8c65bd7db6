package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.p2sgate.core.crypto.OpenFailure;
import org.p2sgate.core.observe.DropReason;

/** Every way the data opener refuses a packet is counted, as a data drop, in one mapping. */
class OpenFailureDropTest {
  @Test
  void everyFailureIsCountedAsADataDrop() {
    for (OpenFailure f : OpenFailure.values()) {
      DropReason r = DataPath.dropFor(f.code());
      assertTrue(r.name().startsWith("DATA_"), f + " counted as " + r);
    }
    assertEquals(DropReason.DATA_REPLAY, DataPath.dropFor(OpenFailure.REPLAY.code()));
    assertEquals(DropReason.DATA_BAD_TAG, DataPath.dropFor(OpenFailure.BAD_TAG.code()));
    assertEquals(DropReason.DATA_MALFORMED, DataPath.dropFor(OpenFailure.TOO_SHORT.code()));
  }
}
