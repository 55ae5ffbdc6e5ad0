#include "core/train/tfidf_collection.hpp"

namespace embx {

const std::vector<std::string>& classroom_tfidf_documents() {
    static const std::vector<std::string> documents = {
        "My cat Pepper is a small grey cat with soft white paws and a very loud purr. Every morning the cat waits by "
        "the kitchen door for breakfast, then walks slowly to the sunny windowsill to sleep there for hours. In the "
        "afternoon she watches the birds in the garden and pretends that she could catch them if she wanted to. When "
        "my little brother comes home from school, the cat follows him from room to room, hoping for a treat or a game "
        "with string. At night she curls up on my bed, and I fall asleep to the sound of the cat purring.",
        "The dog chased the neighbour's cat across the garden and under the fence.",
        "She picked an apple from the tree and ate it in the shade.",
        "Any whole number greater than one is either prime or a product of primes.",
        "The café on the corner sells apple pie, fresh bread and warm cinnamon rolls.",
        "Stock markets fell today as investors worried about rising interest rates.",
        "The football team won the final match after a dramatic penalty shootout.",
        "Heavy rain and strong winds are expected across the north this weekend.",
        "Learning to play the piano takes patience, practice and a good teacher.",
        "Computers turn words into vectors so that they can compare their meaning.",
    };
    return documents;
}

}  // namespace embx
