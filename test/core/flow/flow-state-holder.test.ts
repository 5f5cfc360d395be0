/**
 * The one current state of a sign-in and its two kinds of listeners: those who render the state
 * (the window) and those who report what happened (the command line's --json lines).
 */
import { describe, expect, it } from 'vitest';
import type { FlowState } from '../../../src/shared/flow-state.ts';
import { createFlowStateHolder, type FlowEvent } from '../../../src/core/flow/flow-state-holder.ts';

describe('the flow state holder', () => {
  it('starts in the state it is given and hands each new state to every listener, in order', () => {
    const holder = createFlowStateHolder({ status: 'idle' });
    const first: FlowState[] = [];
    const second: FlowState[] = [];
    holder.subscribe((state) => first.push(state));
    holder.subscribe((state) => second.push(state));
    expect(holder.get()).toEqual({ status: 'idle' });
    holder.set({ status: 'requesting' });
    holder.set({ status: 'expired' });
    expect(first.map((state) => state.status)).toEqual(['requesting', 'expired']);
    expect(second).toEqual(first);
    expect(holder.get()).toEqual({ status: 'expired' });
  });

  it('stops telling a listener once it unsubscribes, and keeps telling the others', () => {
    const holder = createFlowStateHolder({ status: 'idle' });
    const gone: FlowState[] = [];
    const kept: FlowState[] = [];
    const unsubscribe = holder.subscribe((state) => gone.push(state));
    holder.subscribe((state) => kept.push(state));
    holder.set({ status: 'requesting' });
    unsubscribe();
    holder.set({ status: 'restoring' });
    expect(gone.map((state) => state.status)).toEqual(['requesting']);
    expect(kept.map((state) => state.status)).toEqual(['requesting', 'restoring']);
  });

  it('publishes events to event listeners only, without changing the state', () => {
    const holder = createFlowStateHolder({ status: 'idle' });
    const states: FlowState[] = [];
    const events: FlowEvent[] = [];
    holder.subscribe((state) => states.push(state));
    const stop = holder.onEvent((event) => events.push(event));
    holder.publish({ type: 'pending' });
    holder.publish({ type: 'slow_down', interval: 10 });
    stop();
    holder.publish({ type: 'pending' });
    expect(events).toEqual([{ type: 'pending' }, { type: 'slow_down', interval: 10 }]);
    expect(states).toEqual([]);
    expect(holder.get()).toEqual({ status: 'idle' });
  });
});
