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
#include "engine/accumulator_wide.h"

namespace aqplan {

using namespace accumulator_detail;

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
  template <std::size_t N>
  void limbs(const Limbs<N>& v) {
    for (const std::uint64_t x : v.w) u64(x);
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
  template <std::size_t N>
  Limbs<N> limbs() {
    Limbs<N> v;
    for (std::uint64_t& x : v.w) x = u64();
    return v;
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
  const FormatSizes sizes = format_sizes(weighted());
  std::size_t total = sizes.header + kChecksumBytes;
  for (std::size_t i = 0; i < specs_.size(); ++i)
    total += kSpecFixedBytes + specs_[i].name.size() + sizes.state_fixed +
             sizes.slot * (static_cast<std::size_t>(bins_[i]) + 2);
  Writer w(total);
  w.bytes(std::string_view(kMagic, sizeof kMagic));
  w.u32(weighted() ? kWeightedFormatVersion : kFormatVersion);
  w.u32(static_cast<std::uint32_t>(kFractionBits));
  w.u64(total);
  w.u64(n_);
  w.u32(static_cast<std::uint32_t>(specs_.size()));
  if (weighted()) {
    w.limbs(wsum_);
    w.limbs(wsq_);
    w.limbs(wmax_);
  }
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    const StatSpec& s = specs_[i];
    w.u32(static_cast<std::uint32_t>(s.name.size()));
    w.bytes(s.name);
    w.f64(s.bin_width);
    w.f64(s.lower);
    w.f64(s.upper);
    w.u64(bins_[i]);
  }
  const std::size_t words = sizes.slot / 8;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    const Moments& m = moments_[i];
    if (weighted()) {
      const WeightedMoments& wm = wmoments_[i];
      w.limbs(wm.wq);
      w.limbs(wm.wqq);
      w.limbs(wm.wmet);
      w.u64(m.met);
      w.u64(wm.below);
      w.u64(wm.above);
    } else {
      w.i128v(m.sum);
      w.i128v(m.sumsq);
      w.u64(m.met);
    }
    w.f64(m.min);
    w.f64(m.max);
    w.u64s(hist_.data() + layout_[i].offset, (static_cast<std::size_t>(bins_[i]) + 2) * words);
  }
  w.u64(fnv1a_64(w.str()));
  return std::move(w.str());
}

namespace {

struct Header {
  bool weighted = false;  // version 2
  std::uint64_t n = 0;    // samples
  std::uint32_t k = 0;    // statistics
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
  if (version != RunAccumulator::kFormatVersion && version != RunAccumulator::kWeightedFormatVersion)
    corrupt(Text(msg::acc_version, version, RunAccumulator::kFormatVersion, RunAccumulator::kWeightedFormatVersion));
  Header h;
  h.weighted = version == RunAccumulator::kWeightedFormatVersion;
  const FormatSizes sizes = format_sizes(h.weighted);
  const std::uint32_t bits = r.u32();
  if (bits != static_cast<std::uint32_t>(RunAccumulator::kFractionBits))
    corrupt(Text(msg::acc_quantisation, bits, RunAccumulator::kFractionBits));
  const std::uint64_t total = r.u64();
  if (bytes.size() < total) corrupt(Text(msg::acc_truncated, bytes.size(), total));
  if (bytes.size() > total) corrupt(Text(msg::acc_trailing, bytes.size(), total));
  if (total < sizes.header + kChecksumBytes) corrupt(Text(msg::acc_too_short, total));
  Reader tail(bytes.substr(total - kChecksumBytes));
  if (tail.u64() != fnv1a_64(bytes.substr(0, total - kChecksumBytes))) corrupt(Text(msg::acc_checksum));
  h.n = r.u64();
  if (h.n > RunAccumulator::kMaxCount) corrupt(Text(msg::acc_count_limit, h.n, RunAccumulator::kMaxCount));
  h.k = r.u32();
  // Each statistic needs at least its fixed bytes and three slots; check
  // before allocating anything for it.
  if (h.k > r.remaining() / (kSpecFixedBytes + sizes.state_fixed + sizes.slot * 3))
    corrupt(Text(msg::acc_statistics_cannot_fit, h.k, bytes.size()));
  return h;
}

// The k specs, and the bins each says it stores; the state that follows
// must be exactly as long as they need.
std::vector<StatSpec> read_specs(Reader& r, std::uint32_t k, const FormatSizes& sizes,
                                 std::vector<std::uint64_t>& stored_bins) {
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
    need += sizes.state_fixed + sizes.slot * (static_cast<std::size_t>(stored_bins[i]) + 2);
  }
  if (need != r.remaining() - kChecksumBytes)
    corrupt(Text(msg::acc_state_size, need, r.remaining() - kChecksumBytes));
  return specs;
}

RunAccumulator from_specs(const std::vector<StatSpec>& specs, Weighting weighting) {
  try {
    return RunAccumulator(specs, weighting);
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

void RunAccumulator::check_weight_totals() const {
  // max W ≤ 2^127, max W ≤ ΣW ≤ n·max W, (max W)² ≤ ΣW² ≤ max W·ΣW (all
  // zero together when no sample has weight).
  const Limbs<2> one = shifted_left(limbs_of<2>(1), kWeightBits);
  const Limbs<6> wsq_wide = resized<6>(wsq_);
  bool ok = compare(wmax_, one) <= 0 && compare(resized<3>(wmax_), wsum_) <= 0 &&
            compare(wsum_, product(limbs_of<1>(n_), wmax_)) <= 0 &&
            compare(resized<6>(product(wmax_, wmax_)), wsq_wide) <= 0 &&
            compare(wsq_wide, resized<6>(product(wmax_, wsum_))) <= 0;
  ok = ok && is_zero(wmax_) == is_zero(wsum_);
  if (!ok) corrupt(Text(msg::acc_weight_totals, n_));
}

void RunAccumulator::check_weighted_state(std::size_t i, const Text& who) const {
  const Moments& m = moments_[i];
  const WeightedMoments& wm = wmoments_[i];
  const std::size_t slots = static_cast<std::size_t>(bins_[i]) + 2;
  const std::uint64_t* h = hist_.data() + layout_[i].offset;
  Limbs<4> held;  // ≤ (2^24 + 2)·2^192: no wrap
  for (std::size_t j = 0; j < slots; ++j) add_to(held, Limbs<3>{{h[3 * j], h[3 * j + 1], h[3 * j + 2]}});
  if (compare(held, resized<4>(wsum_)) != 0) corrupt(Text(msg::acc_histogram_weight, who));
  if (compare(wm.wmet, wsum_) > 0) corrupt(Text(msg::acc_met_weight, who));
  // Weight of met samples needs a met sample.
  if (m.met > n_ || (m.met == 0 && !is_zero(wm.wmet))) corrupt(Text(msg::acc_met_count, who, m.met, n_));
  const bool below_weight = h[0] != 0 || h[1] != 0 || h[2] != 0;
  const std::uint64_t* top = h + 3 * (slots - 1);
  const bool above_weight = top[0] != 0 || top[1] != 0 || top[2] != 0;
  if (wm.below > n_ || wm.above > n_ - wm.below || (below_weight && wm.below == 0) || (above_weight && wm.above == 0))
    corrupt(Text(msg::acc_outside_count, who, wm.below, wm.above, n_));
  // |ΣW·q| ≤ 2^43·ΣW, ΣW·q² ≤ 2^86·ΣW and (ΣW·q)² ≤ ΣW·ΣW·q² (Cauchy–Schwarz).
  const Limbs<4> wsum4 = resized<4>(wsum_);
  const Limbs<4> wq_abs = is_negative(wm.wq) ? negated(wm.wq) : wm.wq;
  const bool moments_ok = compare(wq_abs, shifted_left(wsum4, 43)) <= 0 &&
                          compare(wm.wqq, shifted_left(wsum4, 86)) <= 0 &&
                          compare(product(wq_abs, wq_abs), resized<8>(product(wsum_, wm.wqq))) <= 0;
  if (!moments_ok) corrupt(Text(msg::acc_moments, who, n_));
  const bool range_ok =
      is_zero(wsum_) ? (m.min == kInf && m.max == -kInf)
                     : (std::abs(m.min) <= kMaxAbsValue && std::abs(m.max) <= kMaxAbsValue && m.min <= m.max);
  if (!range_ok) corrupt(Text(msg::acc_min_max, who, m.min, m.max, n_));
}

RunAccumulator RunAccumulator::deserialize(std::string_view bytes) {
  Reader r(bytes);
  const Header h = read_header(bytes, r);
  Limbs<3> wsum;
  Limbs<5> wsq;
  Limbs<2> wmax;
  if (h.weighted) {
    wsum = r.limbs<3>();
    wsq = r.limbs<5>();
    wmax = r.limbs<2>();
  }
  std::vector<std::uint64_t> stored_bins;
  const std::vector<StatSpec> specs = read_specs(r, h.k, format_sizes(h.weighted), stored_bins);
  RunAccumulator acc = from_specs(specs, h.weighted ? Weighting::weighted : Weighting::none);
  acc.n_ = h.n;
  acc.wsum_ = wsum;
  acc.wsq_ = wsq;
  acc.wmax_ = wmax;
  if (h.weighted) acc.check_weight_totals();
  for (std::uint32_t i = 0; i < h.k; ++i) {
    const Text who(msg::acc_statistic, i, specs[i].name);
    if (acc.bins_[i] != stored_bins[i]) corrupt(Text(msg::acc_bins_mismatch, who, stored_bins[i], acc.bins_[i]));
    Moments& m = acc.moments_[i];
    if (h.weighted) {
      WeightedMoments& wm = acc.wmoments_[i];
      wm.wq = r.limbs<4>();
      wm.wqq = r.limbs<4>();
      wm.wmet = r.limbs<3>();
      m.met = r.u64();
      wm.below = r.u64();
      wm.above = r.u64();
    } else {
      m.sum = r.i128v();
      m.sumsq = r.i128v();
      m.met = r.u64();
    }
    m.min = r.f64();
    m.max = r.f64();
    std::uint64_t* hist = acc.hist_.data() + acc.layout_[i].offset;
    const std::size_t words = (static_cast<std::size_t>(stored_bins[i]) + 2) * (h.weighted ? 3 : 1);
    r.u64s(hist, words);
    if (h.weighted) acc.check_weighted_state(i, who);
    else check_state(m, std::span<const std::uint64_t>(hist, words), h.n, who);
  }
  return acc;
}

}  // namespace aqplan
