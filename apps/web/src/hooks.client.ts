import { z } from 'zod';

// zod probes `new Function('')` to pick its compiled fast path. Our Content-Security-Policy
// forbids eval, so the probe fails anyway and the browser reports a violation each page:
// tell zod up front to stay on its interpreter.
z.config({ jitless: true });
