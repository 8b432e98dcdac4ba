// A custom crew strategy: a free team stays on the profile of the section it
// just finished when it can (less walking along the wall), otherwise it takes
// the next section in build order.
import type { CrewStrategy } from 'icewall';

export const stayOnProfile: CrewStrategy = {
  name: 'stayOnProfile',
  create: () => {
    const lastProfile = new Map<number, number>(); // team -> profile
    return ({ team, pending }) => {
      const here = lastProfile.get(team);
      let choice = pending.first();
      if (here !== undefined) {
        for (const s of pending) {
          if (s.profile === here) {
            choice = s;
            break;
          }
          if (s.profile > here) break;
        }
      }
      if (choice === undefined) throw new Error('called with nothing pending');
      lastProfile.set(team, choice.profile);
      return choice.position;
    };
  },
};
