// main() of every GoogleTest program here. GoogleTest exits 0 when tests were skipped, so CTest
// would count a skip as a pass; this main exits kSkippedExit instead when every test that ran
// passed but some skipped. CTest (SKIP_RETURN_CODE) then reports the suite as skipped, and
// scripts/check_skips.py fails the run unless tests/expected-skips/<preset>.txt expects it.
// A failure still exits 1, so a skip never hides one.
#include <gtest/gtest.h>

namespace {
constexpr int kSkippedExit = 77;  // the same number in cmake/GTestSuites.cmake
}

int main(int argc, char** argv) {
    testing::InitGoogleTest(&argc, argv);
    const int failed = RUN_ALL_TESTS();
    if (failed != 0) return failed;
    return testing::UnitTest::GetInstance()->skipped_test_count() > 0 ? kSkippedExit : 0;
}
