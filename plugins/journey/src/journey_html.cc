#include "journey_html.h"

#include <string_view>

#include "journey_json.h"
#include "machine_state.h"

namespace smee::journey {
namespace {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A CSS class per state, so a stuck or failed machine stands out.
std::string stateClass(BootState state) {
  switch (state) {
    case BootState::Failed:
      return "bad";
    case BootState::StuckAtDhcp:
    case BootState::StuckAtTftp:
      return "warn";
    case BootState::OsUp:
      return "good";
    default:
      return "busy";
  }
}

constexpr std::string_view kStyle = R"(<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f4f4f4}td.mono,.mono{font-family:ui-monospace,monospace}
.state{padding:.1em .5em;border-radius:.8em;white-space:nowrap}
.good{background:#d8f5d8}.bad{background:#fbd5d5}.warn{background:#fbefc8}.busy{background:#dde8fb}
tr.err td{color:#a00}small{color:#666}
</style>)";

// Shared by both pages: text of a cell, escaped; the state pill.
constexpr std::string_view kScriptHelpers = R"(
function esc(t){return String(t==null?'':t).replace(/[&<>"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));}
function cls(s){return s=='failed'?'bad':(s.startsWith('stuck')?'warn':(s=='OS up'?'good':'busy'));}
function pill(s){return '<span class="state '+cls(s)+'">'+esc(s)+'</span>';}
function poll(url,draw){fetch(url,{cache:'no-store'}).then(r=>r.ok?r.json():null).then(j=>{if(j)draw(j);}).catch(()=>{}).finally(()=>setTimeout(()=>poll(url,draw),2000));}
)";

std::string head(std::string_view title) {
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
         escape(title) + "</title>" + std::string(kStyle) + "</head><body>\n";
}

std::string machineRow(const MachineJourney& machine, WallClock::time_point now,
                       std::chrono::milliseconds stuck_after) {
  const std::string mac = machine.mac.toString();
  const BootState state = bootState(machine, now, stuck_after);
  std::string row = "<tr><td class=\"mono\"><a href=\"/journey/" + mac + "\">" + mac +
                    "</a></td><td class=\"mono\">" +
                    (machine.address ? machine.address->toString() : std::string()) +
                    "</td><td><span class=\"state " + stateClass(state) + "\">" +
                    escape(bootStateName(state)) + "</span></td>";
  if (machine.events.empty()) return row + "<td></td><td></td></tr>\n";
  const TimedEvent& last = machine.events.back();
  row += "<td>" + escape(stageName(last.event.stage)) + " " + escape(last.event.step) + " <small>" +
         escape(last.event.detail) + "</small></td><td class=\"mono\">" + isoTime(last.at) +
         "</td></tr>\n";
  return row;
}

std::string eventRow(const TimedEvent& timed) {
  return std::string("<tr") +
         (timed.event.outcome == JourneyOutcome::Error ? " class=\"err\"" : "") +
         "><td class=\"mono\">" + isoTime(timed.at) + "</td><td>" +
         escape(stageName(timed.event.stage)) + "</td><td>" + escape(timed.event.step) +
         "</td><td>" + escape(timed.event.detail) + "</td></tr>\n";
}

}  // namespace

std::string machinesPage(const std::vector<MachineJourney>& machines, WallClock::time_point now,
                         std::chrono::milliseconds stuck_after) {
  std::string page = head("smeed: boot journeys");
  page +=
      "<h1>Boot journeys</h1>\n<p><small>Machines seen recently, last seen first. Updated every 2 "
      "s.</small></p>\n";
  page +=
      "<table><thead><tr><th>MAC</th><th>address</th><th>state</th><th>last "
      "step</th><th>at</th></tr></thead>"
      "<tbody id=\"machines\">\n";
  for (const MachineJourney& machine : machines) page += machineRow(machine, now, stuck_after);
  page += "</tbody></table>\n<script>" + std::string(kScriptHelpers) + R"(
poll('/journey.json',j=>{document.getElementById('machines').innerHTML=j.machines.map(m=>
 '<tr><td class="mono"><a href="/journey/'+esc(m.mac)+'">'+esc(m.mac)+'</a></td><td class="mono">'+esc(m.address)+
 '</td><td>'+pill(m.state)+'</td><td>'+(m.last?esc(m.last.stage)+' '+esc(m.last.step)+' <small>'+esc(m.last.detail)+
 '</small>':'')+'</td><td class="mono">'+(m.last?esc(m.last.time):'')+'</td></tr>').join('');});
</script></body></html>
)";
  return page;
}

std::string machinePage(const MachineJourney& machine, WallClock::time_point now,
                        std::chrono::milliseconds stuck_after) {
  const std::string mac = machine.mac.toString();
  const BootState state = bootState(machine, now, stuck_after);
  std::string page = head("smeed: " + mac);
  page += "<p><a href=\"/journey\">all machines</a></p>\n<h1 class=\"mono\">" + mac + "</h1>\n";
  page += "<p>state <span id=\"state\" class=\"state " + stateClass(state) + "\">" +
          escape(bootStateName(state)) + "</span> address <span id=\"address\" class=\"mono\">" +
          (machine.address ? machine.address->toString() : std::string("unknown")) +
          "</span></p>\n";
  page +=
      "<table><thead><tr><th>time</th><th>stage</th><th>step</th><th>detail</th></tr></thead>"
      "<tbody id=\"events\">\n";
  for (const TimedEvent& timed : machine.events) page += eventRow(timed);
  page +=
      "</tbody></table>\n<script>" + std::string(kScriptHelpers) + "\npoll('/journey/" + mac +
      ".json'," +
      R"(j=>{const s=document.getElementById('state');s.textContent=j.state;s.className='state '+cls(j.state);
 document.getElementById('address').textContent=j.address||'unknown';
 document.getElementById('events').innerHTML=j.events.map(e=>'<tr'+(e.ok?'':' class="err"')+'><td class="mono">'+
 esc(e.time)+'</td><td>'+esc(e.stage)+'</td><td>'+esc(e.step)+'</td><td>'+esc(e.detail)+'</td></tr>').join('');});
</script></body></html>
)";
  return page;
}

}  // namespace smee::journey
