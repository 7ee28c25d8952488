package br.com.etlvendas.transform.step;

/** A step of the chain threw while transforming one sale (or broke the chain's rules); names the step. */
public final class StepFailedException extends RuntimeException {

    private final String step;

    StepFailedException(String step, Throwable cause) {
        super("step '" + step + "' failed: " + cause.getClass().getName() + ": " + cause.getMessage(), cause);
        this.step = step;
    }

    public String step() {
        return step;
    }
}
