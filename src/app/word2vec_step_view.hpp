// One Word2Vec training step drawn for the Classroom (the numbers come from
// core/train/word2vec_step.hpp): a flow diagram one-hot input -> hidden layer h -> outputs, then
// one short section per stage with a plain sentence (the article's: CBOW predicts the centre
// from its context, skip-gram the context from the centre, the hidden layer IS the embedding
// row, negative sampling scores a few words instead of all V), the outputs table (word, label,
// h·u, σ, loss, g), the rows the update moves and the loss before and after.
// Self-contained: the caller (a Word2Vec section of the Classroom tab) explains the step, keeps
// a Word2VecStepViewState and applies the step when asked.
#pragma once

#include <string>

#include "core/train/word2vec_step.hpp"

namespace embx::app {

struct Word2VecStepViewState {
    int prediction = 0;  // skip-gram: which of the step's predictions is shown in detail
};

enum class Word2VecStepAction { none, apply };

// Draws the step. With `can_apply` (the model is not training) an "Apply this step" button is
// shown; its click returns Word2VecStepAction::apply (the caller calls apply_word2vec_step).
Word2VecStepAction draw_word2vec_step(const train::Word2VecStepExplanation& step, Word2VecStepViewState& state,
                                      bool can_apply = false);

// The plain-text summary for the accessibility text view (a few lines; words escaped).
std::string word2vec_step_text(const train::Word2VecStepExplanation& step);

}  // namespace embx::app
