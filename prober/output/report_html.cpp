// report_html (see report_views.hpp): one self-contained page. The charts are inlined SVG,
// the tables plain HTML, the style inline; no script and nothing fetched, which the
// Content-Security-Policy enforces. Every string goes through xml_escape (the SVG
// writer's routine), so device text is inert in text and in attribute values alike.
#include "prober/output/report_charts.hpp"
#include "prober/output/report_svg.hpp"
#include "prober/output/report_views.hpp"

#include <fmt/format.h>

namespace iotprobe::output {
namespace {

constexpr const char* head_template = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{}</title>
<style>
body {{ font-family: sans-serif; color: #111; margin: 1.5em auto; max-width: 62em; padding: 0 1em; }}
h1 {{ font-size: 1.5em; margin-bottom: .2em; }}
h2 {{ font-size: 1.15em; margin-top: 1.8em; border-bottom: 1px solid #888; }}
p.meta {{ color: #444; margin-top: 0; }}
table {{ border-collapse: collapse; font-size: .8em; margin: .5em 0 1em; }}
th, td {{ padding: .15em .6em; border-bottom: 1px solid #ddd; text-align: left; }}
th {{ border-bottom: 1px solid #555; }}
.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
figure {{ margin: 1em 0 1.5em; }}
figure svg {{ max-width: 100%; height: auto; }}
figcaption {{ font-size: .8em; color: #444; }}
@page {{ size: A4; margin: 14mm; }}
@media print {{
  body {{ margin: 0; max-width: none; padding: 0; font-size: 10pt; }}
  figure, tr {{ break-inside: avoid; }}
  h2 {{ break-after: avoid; }}
  thead {{ display: table-header-group; }}
}}
</style>
</head>
<body>
)";

std::string escape(const std::string& text) { return xml_escape(text); }

// A table: `numeric` marks right-aligned columns (their cells are ours, but escaped too).
std::string table(const std::vector<std::string>& head, const std::vector<bool>& numeric,
                  const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<table>\n<thead><tr>";
  for (std::size_t i = 0; i < head.size(); ++i)
    out += fmt::format("<th{}>{}</th>", numeric[i] ? " class=\"n\"" : "", escape(head[i]));
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i)
      out += fmt::format("<td{}>{}</td>", numeric[i] ? " class=\"n\"" : "", escape(row[i]));
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string ratio_text(std::int64_t identified, std::int64_t devices) {
  const auto r = db::inflation(identified, devices);
  return r ? fmt::format("{:.2f}", *r) : "–";
}

std::string n(std::int64_t v) { return std::to_string(v); }

std::string funnel_section(const db::report_data& r) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& d : r.funnel) {
    rows.push_back({d.day, n(d.darknet), n(d.admitted), n(d.probed), n(d.open), n(d.identified),
                    n(d.with_udn), n(d.devices), n(d.unattributed), ratio_text(d.identified, d.devices)});
  }
  return "<h2>The daily funnel</h2>\n<p>Distinct addresses per day, from the darknet input to unique "
         "devices; inflation = identified addresses ÷ unique devices.</p>\n" +
         table({"day", "darknet", "admitted", "probed", "open", "identified", "with UDN", "devices",
                "unattributed", "inflation"},
               {false, true, true, true, true, true, true, true, true, true}, rows);
}

std::string family_section(const db::report_data& r) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& f : r.family_funnel) {
    rows.push_back({f.day, f.family, n(f.identified), n(f.with_udn), n(f.devices), n(f.unattributed),
                    ratio_text(f.identified, f.devices)});
  }
  return "<h2>Per family</h2>\n" +
         table({"day", "family", "identified", "with UDN", "devices", "unattributed", "inflation"},
               {false, false, true, true, true, true, true}, rows);
}

std::string churn_section(const db::report_data& r) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : r.churn) {
    rows.push_back({c.day, c.family.empty() ? "(unidentified)" : c.family, c.country, n(c.ips),
                    n(c.devices), fmt::format("{:.2f}", c.ips_per_device_mean), n(c.ips_per_device_max),
                    n(c.multi_ip_devices), n(c.new_devices), n(c.vanished_devices),
                    n(c.unattributed_hosts), n(c.hosts_without_udn), n(c.weak_identity_devices),
                    n(c.reclassified_devices), n(c.honeypot_hosts)});
  }
  return "<h2>Churn</h2>\n<p>As <code>iotprobe churn</code> computes it: open addresses, unique "
         "devices, addresses per device, new and vanished devices; devices keyed only by an SSDP "
         "USN (weak), devices reclassified since first counted, honeypot-like addresses left "
         "out (day totals).</p>\n" +
         table({"day", "family", "country", "IPs", "devices", "IPs/device", "max", "multi-IP", "new",
                "vanished", "shared", "no UDN", "weak", "reclassified", "honeypots"},
               {false, false, false, true, true, true, true, true, true, true, true, true, true, true, true},
               rows);
}

std::string tops_section(const db::report_data& r) {
  std::vector<std::vector<std::string>> models, firmware, countries;
  for (const auto& m : r.models) models.push_back({m.family, m.value, n(m.count)});
  for (const auto& f : r.firmware) firmware.push_back({f.family, f.value, n(f.count)});
  for (std::size_t i = 0; i < r.countries.size() && i < r.filter.top; ++i) {
    const auto& c = r.countries[i];
    countries.push_back({c.country.empty() ? "–" : c.country, n(c.darknet), n(c.identified), n(c.devices)});
  }
  return "<h2>Top models per family</h2>\n" +
         table({"family", "model", "devices"}, {false, false, true}, models) +
         "<h2>Top firmware strings per family</h2>\n<p>The version the fingerprint read from the "
         "device, in address-days.</p>\n" +
         table({"family", "firmware", "address-days"}, {false, false, true}, firmware) +
         "<h2>Top countries</h2>\n<p>Sums over the days of the period.</p>\n" +
         table({"country", "darknet", "identified", "devices"}, {false, true, true, true}, countries);
}

std::string header(const db::report_data& r) {
  const auto& f = r.filter;
  std::string families = "all families";
  if (!f.families.empty()) {
    families.clear();
    for (const auto& name : f.families) families += (families.empty() ? "" : ", ") + name;
  }
  return fmt::format("<h1>iotprobe report</h1>\n<p class=\"meta\">{} to {} · {} · {} · schema {}</p>\n",
                     escape(f.from), escape(f.to), escape(families),
                     escape(f.country ? "country " + *f.country : "all countries"), report_schema);
}

}  // namespace

std::string report_html(const db::report_data& r) {
  std::string out = fmt::format(head_template, escape(fmt::format("iotprobe report {} to {}", r.filter.from, r.filter.to)));
  out += header(r);
  for (const auto& chart : report_charts(r)) {
    out += "<figure>\n" + render_chart(chart.spec) +
           fmt::format("<figcaption>{}</figcaption>\n</figure>\n", escape(chart.caption));
  }
  out += funnel_section(r) + family_section(r) + churn_section(r) + tops_section(r);
  return out + "</body>\n</html>\n";
}

std::vector<report_file> report_svg_files(const db::report_data& r) {
  std::vector<report_file> files;
  for (const auto& chart : report_charts(r)) files.emplace_back(chart.file, render_chart(chart.spec));
  return files;
}

}  // namespace iotprobe::output
