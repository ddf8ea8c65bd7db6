package org.p2sgate.core.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GsoGroupingTest {
  private static int[] groups(int maxSegment, int... sizes) {
    int[] counts = new int[sizes.length];
    int n = GsoGrouping.group(sizes, sizes.length, maxSegment, counts);
    return Arrays.copyOf(counts, n);
  }

  private static int[] repeat(int size, int n) {
    int[] a = new int[n];
    Arrays.fill(a, size);
    return a;
  }

  @Test
  void equalSizesGoTogetherAndAShorterOneEndsTheGroup() {
    assertArrayEquals(new int[] {4, 1}, groups(Integer.MAX_VALUE, 1400, 1400, 1400, 900, 1400));
    assertArrayEquals(new int[] {3}, groups(Integer.MAX_VALUE, 1400, 1400, 1400));
  }

  @Test
  void aLongerOneStartsAGroupOfItsOwn() {
    assertArrayEquals(new int[] {1, 2, 1}, groups(Integer.MAX_VALUE, 100, 1400, 1400, 1500));
  }

  @Test
  void singlesStaySingle() {
    assertArrayEquals(new int[] {1}, groups(Integer.MAX_VALUE, 60));
    assertArrayEquals(new int[] {}, groups(Integer.MAX_VALUE));
  }

  @Test
  void capsAt64SegmentsAnd64KiB() {
    assertArrayEquals(new int[] {64, 36}, groups(Integer.MAX_VALUE, repeat(100, 100)));
    // 1400 x 46 = 64,400 fits, a 47th would pass 65,507
    assertArrayEquals(new int[] {46, 4}, groups(Integer.MAX_VALUE, repeat(1400, 50)));
  }

  @Test
  void noGsoOrSegmentsOverTheLimitAreSentOneByOne() {
    assertArrayEquals(new int[] {1, 1, 1}, groups(0, 1400, 1400, 1400));
    assertArrayEquals(new int[] {1, 1, 2}, groups(1000, 1400, 1400, 900, 900));
  }
}
