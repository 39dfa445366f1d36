// Built-in scenarios. A new one is a file in this folder and one line here.
import type { Scenario } from '../scenario.ts';
import { gateHybridIntrusion } from './gate-hybrid-intrusion.ts';
import { droneCctvAttack } from './drone-cctv-attack.ts';
import { cruiseTerminalTakeover } from './cruise-terminal-takeover.ts';
import { cargoDataManipulation } from './cargo-data-manipulation.ts';
import { notpetyaCascade } from './notpetya-cascade.ts';
import { insiderCranePlc } from './insider-crane-plc.ts';
import { baggageExtortion } from './baggage-extortion.ts';
import { runwayDrone } from './runway-drone.ts';

export const SCENARIOS: Scenario[] = [
  gateHybridIntrusion,
  droneCctvAttack,
  cruiseTerminalTakeover,
  cargoDataManipulation,
  notpetyaCascade,
  insiderCranePlc,
  baggageExtortion,
  runwayDrone,
];

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
