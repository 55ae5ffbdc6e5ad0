// Built into the unit tests of the tsan preset only: ThreadSanitizer's options and suppressions,
// so `ctest --preset tsan` needs no environment.
//
// The one suppression is Word2Vec's Hogwild training (word2vec.c's -threads, gensim's workers):
// threads update the shared weight rows without locks on purpose, as the algorithm is defined;
// the races are in the updates themselves and nowhere else (counters, published loss and
// progress are atomics; pausing, stopping and taking the model wait for the workers).
extern "C" const char* __tsan_default_options() { return "halt_on_error=1:abort_on_error=0:second_deadlock_stack=1"; }

extern "C" const char* __tsan_default_suppressions() {
    return "race:embx::train::skipgram_update\n"
           "race:embx::train::cbow_update\n"
           "race:embx::train::predict_and_update\n";
}
