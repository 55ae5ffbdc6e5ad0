#include "app/context_runner.hpp"

#include "app/clock.hpp"

namespace embx::app {

ContextRunner::ContextRunner(std::shared_ptr<const TransformerModel> model, std::vector<std::vector<uint32_t>> inputs,
                             bool attentions, bool background, ScanPool* pool)
    : model_(std::move(model)), inputs_(std::move(inputs)), attentions_(attentions), background_(background), pool_(pool),
      started_ms_(now_ms()) {
    steps_total_ = inputs_.size() * (model_->config.layers + 1);
    if (inputs_.empty()) {
        finished_ms_ = started_ms_;
        done_ = true;
        return;
    }
    if (background_) thread_ = std::thread([this] { run(); });
}

ContextRunner::~ContextRunner() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

// One layer of the current input; moves to the next input when it is done.
bool ContextRunner::run_one_step() {
    if (current_ >= inputs_.size()) return false;
    if (!pass_) pass_ = std::make_unique<ForwardPass>(model_->config, model_->weights, inputs_[current_], attentions_, pool_);
    ForwardPass& p = *pass_;
    p.step();
    ++steps_done_;
    if (!p.done()) return true;
    std::lock_guard<std::mutex> lock(mu_);
    if (!p.status().ok()) {
        error_ = "sentence " + std::to_string(current_ + 1) + ": " + p.status().error();
        current_ = inputs_.size();
    } else {
        results_.push_back(p.take());
        ++current_;
    }
    pass_.reset();
    if (current_ < inputs_.size()) return true;
    finished_ms_ = now_ms();
    done_ = true;
    return false;
}

void ContextRunner::run() {
    while (!stop_.load(std::memory_order_relaxed) && run_one_step()) {
    }
}

void ContextRunner::pump(double budget_ms) {
    if (background_ || done_) return;
    const double t0 = now_ms();
    while (run_one_step() && now_ms() - t0 < budget_ms) {
    }
}

double ContextRunner::fraction() const {
    return steps_total_ ? double(steps_done_.load()) / double(steps_total_) : 1.0;
}

double ContextRunner::elapsed_ms() const {
    std::lock_guard<std::mutex> lock(mu_);
    return (done_ ? finished_ms_ : now_ms()) - started_ms_;
}

std::string ContextRunner::error() const {
    std::lock_guard<std::mutex> lock(mu_);
    return error_;
}

std::vector<HiddenStates> ContextRunner::take() {
    std::lock_guard<std::mutex> lock(mu_);
    return done_ ? std::move(results_) : std::vector<HiddenStates>();
}

}  // namespace embx::app
