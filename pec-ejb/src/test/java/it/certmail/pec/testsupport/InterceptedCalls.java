package it.certmail.pec.testsupport;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import jakarta.interceptor.InvocationContext;

/** A business method's call as an interceptor sees it: proceeding runs {@code body}; nothing else is known. */
public final class InterceptedCalls {

    private InterceptedCalls() {
    }

    public static InvocationContext of(Callable<Object> body) {
        return new InvocationContext() {
            @Override
            public Object proceed() throws Exception {
                return body.call();
            }

            @Override
            public Object getTarget() {
                return null;
            }

            @Override
            public Object getTimer() {
                return null;
            }

            @Override
            public Method getMethod() {
                return null;
            }

            @Override
            public Constructor<?> getConstructor() {
                return null;
            }

            @Override
            public Object[] getParameters() {
                return new Object[0];
            }

            @Override
            public void setParameters(Object[] params) {
            }

            @Override
            public Map<String, Object> getContextData() {
                return new HashMap<>();
            }
        };
    }
}
