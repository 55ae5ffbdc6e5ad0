// Runs the Context tab's forward passes: a few sentences (already token ids) through one
// model, every layer's hidden states and, when asked, the attention. Where threads exist it
// works on a thread of its own and the UI only polls; elsewhere (the single-threaded web
// module) the UI thread runs it a layer at a time per frame (pump), so even a 1.5B model's
// 28 layers leave the page responsive between them. Destroying it stops between layers.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/transformer/forward_pass.hpp"
#include "core/transformer/hidden_states.hpp"
#include "formats/transformer_folder.hpp"

namespace embx::app {

class ContextRunner {
public:
    ContextRunner(std::shared_ptr<const TransformerModel> model, std::vector<std::vector<uint32_t>> inputs,
                  bool attentions, bool background, ScanPool* pool = nullptr);
    ~ContextRunner();
    ContextRunner(const ContextRunner&) = delete;
    ContextRunner& operator=(const ContextRunner&) = delete;

    // Foreground: runs layers until budget_ms has passed (at least one). Background: nothing.
    void pump(double budget_ms);
    bool done() const { return done_.load(); }
    double fraction() const;  // of all layers of all inputs
    double elapsed_ms() const;  // from the start to the end (or now)
    // Once done(): the error (a sentence's ids refused), else "".
    std::string error() const;
    // Once done(): the hidden states of each input, in order (the runner is spent).
    std::vector<HiddenStates> take();

private:
    bool run_one_step();  // false when everything is done
    void run();

    std::shared_ptr<const TransformerModel> model_;
    std::vector<std::vector<uint32_t>> inputs_;
    const bool attentions_, background_;
    ScanPool* pool_;
    size_t steps_total_ = 0;
    std::atomic<size_t> steps_done_{0};
    std::atomic<bool> stop_{false}, done_{false};
    mutable std::mutex mu_;  // guards the fields below
    std::vector<HiddenStates> results_;
    std::string error_;
    double started_ms_ = 0, finished_ms_ = 0;
    // Worker-side state: the pass in progress.
    size_t current_ = 0;
    std::unique_ptr<ForwardPass> pass_;
    std::thread thread_;  // last: starts after everything above exists
};

}  // namespace embx::app
