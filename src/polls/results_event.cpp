// See results_event.hpp.
#include "polls/results_event.hpp"

#include <array>
#include <cstdint>

namespace polls::polls_app {

namespace {

// FNV-1a, 64 bits: stable across processes and builds (std::hash is neither), and plenty to tell
// two states of one question apart.
class Fnv1a {
 public:
  void add(std::int64_t value) {
    for (int i = 0; i < 8; ++i) {
      hash_ ^= static_cast<std::uint64_t>(value >> (8 * i)) & 0xffU;
      hash_ *= 0x100000001b3ULL;
    }
  }
  std::string hex() const {
    static constexpr std::array<char, 16> kHex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                  '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    std::string out(16, '0');
    for (int i = 0; i < 16; ++i) out[15 - i] = kHex[(hash_ >> (4 * i)) & 0xfU];
    return out;
  }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace

ResultsEvent results_event(const QuestionWithChoices& question) {
  std::int64_t total = 0;
  Fnv1a hash;
  std::string choices;
  for (const Choice& c : question.choices) {
    total += c.votes;
    hash.add(c.id);
    hash.add(c.votes);
    if (!choices.empty()) choices += ',';
    choices += R"({"id":)" + std::to_string(c.id) + R"(,"votes":)" + std::to_string(c.votes) + "}";
  }
  ResultsEvent event;
  event.id = std::to_string(total) + "-" + hash.hex();
  event.data = R"({"question":)" + std::to_string(question.question.id) + R"(,"total":)" +
               std::to_string(total) + R"(,"choices":[)" + choices + "]}";
  return event;
}

ResultsEvent hidden_results_event(std::int64_t question_id) {
  return {"hidden", R"({"question":)" + std::to_string(question_id) +
                        R"(,"total":0,"choices":[],"hidden":true})"};
}

}  // namespace polls::polls_app
