// The serialised form of a RunAccumulator (aqplan/engine/accumulator.h):
// portable little-endian binary, checked invariant by invariant on reading.
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "aqplan/base/text.h"
#include "base/messages.h"
#include "engine/accumulator_detail.h"

namespace aqplan {

using namespace accumulator_detail;
__extension__ typedef unsigned __int128 u128;

namespace {

// --- little-endian writing and reading -------------------------------------

class Writer {
 public:
  explicit Writer(std::size_t reserve) { out_.reserve(reserve); }
  void u32(std::uint32_t v) { put(v, 4); }
  void u64(std::uint64_t v) { put(v, 8); }
  void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
  void i128v(i128 v) {
    const auto u = static_cast<u128>(v);
    u64(static_cast<std::uint64_t>(u));
    u64(static_cast<std::uint64_t>(u >> 64));
  }
  void bytes(std::string_view s) { out_.append(s); }
  // `count` values at once: one copy on a little-endian host.
  void u64s(const std::uint64_t* p, std::size_t count) {
    if constexpr (std::endian::native == std::endian::little) {
      out_.append(reinterpret_cast<const char*>(p), count * sizeof(std::uint64_t));
    } else {
      for (std::size_t j = 0; j < count; ++j) u64(p[j]);
    }
  }
  std::string& str() { return out_; }

 private:
  void put(std::uint64_t v, int n) {
    for (int k = 0; k < n; ++k) out_.push_back(static_cast<char>((v >> (8 * k)) & 0xFFu));
  }
  std::string out_;
};

[[noreturn]] void corrupt(Text what) { throw AccumulatorError(Text(msg::acc_error, std::move(what))); }

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint32_t u32() { return static_cast<std::uint32_t>(get(4)); }
  std::uint64_t u64() { return get(8); }
  double f64() { return std::bit_cast<double>(u64()); }
  i128 i128v() {
    const std::uint64_t lo = u64();
    const std::uint64_t hi = u64();
    return static_cast<i128>((static_cast<u128>(hi) << 64) | lo);
  }
  std::string_view bytes(std::size_t n) {
    need(n);
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  void u64s(std::uint64_t* out, std::size_t count) {
    need(count * sizeof(std::uint64_t));
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(out, in_.data() + pos_, count * sizeof(std::uint64_t));
      pos_ += count * sizeof(std::uint64_t);
    } else {
      for (std::size_t j = 0; j < count; ++j) out[j] = u64();
    }
  }
  std::size_t pos() const { return pos_; }
  std::size_t remaining() const { return in_.size() - pos_; }

 private:
  void need(std::size_t n) const {
    if (in_.size() - pos_ < n)
      corrupt(Text(msg::acc_truncated_at, n, pos_, in_.size() - pos_));
  }
  std::uint64_t get(int n) {
    need(static_cast<std::size_t>(n));
    std::uint64_t v = 0;
    for (int k = 0; k < n; ++k)
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in_[pos_ + static_cast<std::size_t>(k)])) << (8 * k);
    pos_ += static_cast<std::size_t>(n);
    return v;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
};


}  // namespace

// --- serialisation -------------------------------------------------------------

std::string RunAccumulator::serialize() const {
  std::size_t total = kHeaderBytes + kChecksumBytes;
  for (std::size_t i = 0; i < specs_.size(); ++i)
    total += kSpecFixedBytes + specs_[i].name.size() + kStateFixedBytes + 8 * (static_cast<std::size_t>(bins_[i]) + 2);
  Writer w(total);
  w.bytes(std::string_view(kMagic, sizeof kMagic));
  w.u32(kFormatVersion);
  w.u32(static_cast<std::uint32_t>(kFractionBits));
  w.u64(total);
  w.u64(n_);
  w.u32(static_cast<std::uint32_t>(specs_.size()));
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    const StatSpec& s = specs_[i];
    w.u32(static_cast<std::uint32_t>(s.name.size()));
    w.bytes(s.name);
    w.f64(s.bin_width);
    w.f64(s.lower);
    w.f64(s.upper);
    w.u64(bins_[i]);
  }
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    const Moments& m = moments_[i];
    w.i128v(m.sum);
    w.i128v(m.sumsq);
    w.u64(m.met);
    w.f64(m.min);
    w.f64(m.max);
    w.u64s(hist_.data() + layout_[i].offset, static_cast<std::size_t>(bins_[i]) + 2);
  }
  w.u64(fnv1a_64(w.str()));
  return std::move(w.str());
}

namespace {

struct Header {
  std::uint64_t n = 0;  // samples
  std::uint32_t k = 0;  // statistics
};

// The header of a serialised accumulator: magic, version, fixed point,
// length and checksum checked; positions r after the count of statistics.
Header read_header(std::string_view bytes, Reader& r) {
  const std::string_view magic(kMagic, sizeof kMagic);
  if (bytes.empty()) corrupt(Text(msg::acc_empty));
  if (bytes.substr(0, magic.size()) != magic.substr(0, std::min(bytes.size(), magic.size())))
    corrupt(Text(msg::acc_bad_magic));
  r.bytes(magic.size());
  const std::uint32_t version = r.u32();
  if (version != RunAccumulator::kFormatVersion)
    corrupt(Text(msg::acc_version, version, RunAccumulator::kFormatVersion));
  const std::uint32_t bits = r.u32();
  if (bits != static_cast<std::uint32_t>(RunAccumulator::kFractionBits))
    corrupt(Text(msg::acc_quantisation, bits, RunAccumulator::kFractionBits));
  const std::uint64_t total = r.u64();
  if (bytes.size() < total) corrupt(Text(msg::acc_truncated, bytes.size(), total));
  if (bytes.size() > total) corrupt(Text(msg::acc_trailing, bytes.size(), total));
  if (total < kHeaderBytes + kChecksumBytes) corrupt(Text(msg::acc_too_short, total));
  Reader tail(bytes.substr(total - kChecksumBytes));
  if (tail.u64() != fnv1a_64(bytes.substr(0, total - kChecksumBytes))) corrupt(Text(msg::acc_checksum));
  Header h;
  h.n = r.u64();
  if (h.n > RunAccumulator::kMaxCount) corrupt(Text(msg::acc_count_limit, h.n, RunAccumulator::kMaxCount));
  h.k = r.u32();
  // Each statistic needs at least its fixed bytes and three counts; check
  // before allocating anything for it.
  if (h.k > r.remaining() / (kSpecFixedBytes + kStateFixedBytes + 8 * 3))
    corrupt(Text(msg::acc_statistics_cannot_fit, h.k, bytes.size()));
  return h;
}

// The k specs, and the bins each says it stores; the state that follows
// must be exactly as long as they need.
std::vector<StatSpec> read_specs(Reader& r, std::uint32_t k, std::vector<std::uint64_t>& stored_bins) {
  std::vector<StatSpec> specs(k);
  stored_bins.assign(k, 0);
  for (std::uint32_t i = 0; i < k; ++i) {
    const std::uint32_t len = r.u32();
    if (len > kMaxNameBytes) corrupt(Text(msg::acc_name_length, i, len));
    specs[i].name = std::string(r.bytes(len));
    specs[i].bin_width = r.f64();
    specs[i].lower = r.f64();
    specs[i].upper = r.f64();
    stored_bins[i] = r.u64();
  }
  std::size_t need = 0;
  for (std::uint32_t i = 0; i < k; ++i) {
    const Text who(msg::acc_statistic, i, specs[i].name);
    if (stored_bins[i] > RunAccumulator::kMaxBins) corrupt(Text(msg::acc_bins, who, stored_bins[i]));
    // The bins a spec gives must be the bins stored, checked before the
    // accumulator is made: its histograms are then no larger than the
    // bytes that fill them (a few bytes declaring 2^24 bins per statistic
    // would otherwise allocate gigabytes). An invalid spec (0) is named by
    // from_specs.
    if (const std::uint64_t b = bin_count(specs[i]); b != 0 && b != stored_bins[i])
      corrupt(Text(msg::acc_bins_mismatch, who, stored_bins[i], b));
    need += kStateFixedBytes + 8 * (static_cast<std::size_t>(stored_bins[i]) + 2);
  }
  if (need != r.remaining() - kChecksumBytes)
    corrupt(Text(msg::acc_state_size, need, r.remaining() - kChecksumBytes));
  return specs;
}

RunAccumulator from_specs(const std::vector<StatSpec>& specs) {
  try {
    return RunAccumulator(specs);
  } catch (const std::invalid_argument& e) {
    corrupt(Text(msg::acc_bad_specs, e.what()));
  }
}

}  // namespace

void RunAccumulator::check_state(const Moments& m, std::span<const std::uint64_t> hist, std::uint64_t n,
                                 const Text& who) {
  std::uint64_t held = 0;
  bool wrapped = false;
  for (std::uint64_t h : hist) {
    wrapped = wrapped || h > n;
    held += h;
  }
  if (wrapped || held != n) corrupt(Text(msg::acc_histogram_count, who, held, n));
  if (m.met > n) corrupt(Text(msg::acc_met_count, who, m.met, n));
  const i128 nn = static_cast<i128>(n);
  const i128 qmax = kMaxAbsQ;
  bool moments_ok = m.sum >= -nn * qmax && m.sum <= nn * qmax && m.sumsq >= 0 && m.sumsq <= nn * qmax * qmax;
  if (moments_ok && n > 0) moments_ok = centre(m.sum, m.sumsq, n).ss >= 0;
  if (moments_ok && n == 0) moments_ok = m.sum == 0 && m.sumsq == 0;
  if (!moments_ok) corrupt(Text(msg::acc_moments, who, n));
  const bool range_ok =
      n == 0 ? (m.min == kInf && m.max == -kInf)
             : (std::abs(m.min) <= kMaxAbsValue && std::abs(m.max) <= kMaxAbsValue && m.min <= m.max);
  if (!range_ok) corrupt(Text(msg::acc_min_max, who, m.min, m.max, n));
}

RunAccumulator RunAccumulator::deserialize(std::string_view bytes) {
  Reader r(bytes);
  const Header h = read_header(bytes, r);
  std::vector<std::uint64_t> stored_bins;
  const std::vector<StatSpec> specs = read_specs(r, h.k, stored_bins);
  RunAccumulator acc = from_specs(specs);
  acc.n_ = h.n;
  for (std::uint32_t i = 0; i < h.k; ++i) {
    const Text who(msg::acc_statistic, i, specs[i].name);
    if (acc.bins_[i] != stored_bins[i]) corrupt(Text(msg::acc_bins_mismatch, who, stored_bins[i], acc.bins_[i]));
    Moments& m = acc.moments_[i];
    m.sum = r.i128v();
    m.sumsq = r.i128v();
    m.met = r.u64();
    m.min = r.f64();
    m.max = r.f64();
    std::uint64_t* hist = acc.hist_.data() + acc.layout_[i].offset;
    const std::size_t slots = static_cast<std::size_t>(stored_bins[i]) + 2;
    r.u64s(hist, slots);
    check_state(m, std::span<const std::uint64_t>(hist, slots), h.n, who);
  }
  return acc;
}

}  // namespace aqplan
